namespace SessionStore.ServiceInterface.Storage.Backups;

/// <summary>The <c>Backup</c> configuration section.</summary>
public sealed class BackupOptions
{
    public const string Section = "Backup";

    /// <summary>How often a backup is taken, counted from the newest one in backups/ (or from startup when there is none).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many of its own backups the service keeps; older ones are deleted after each new one.</summary>
    public int Keep { get; set; } = 24;
}
