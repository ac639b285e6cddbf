namespace SessionStore.ServiceInterface.Storage.Backups;

/// <summary>The <c>Backup</c> configuration section.</summary>
public sealed class BackupOptions
{
    public const string Section = "Backup";

    /// <summary>How often a backup is taken, counted from the newest one in backups/ (or from startup when there is none).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many of its own backups the service keeps in backups/; older ones are deleted after each new one.</summary>
    public int Keep { get; set; } = 24;

    /// <summary>
    /// How often a restore drill restores the newest local backup and the newest off-host copy into a scratch folder and checks
    /// them. Readiness is Degraded once the newest backup a drill proved restorable is older than twice this.
    /// </summary>
    public TimeSpan DrillInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Where every verified backup is also copied, off the host; off unless <c>Backup:S3:Bucket</c> is set.</summary>
    public S3BackupOptions S3 { get; set; } = new();
}
