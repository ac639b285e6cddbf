namespace SessionStore.ServiceInterface.Storage.Backups;

/// <summary>The meter the backup instruments share: uploads off the host, restore drills and the age of the newest backup proven restorable.</summary>
public static class BackupMeter
{
    public const string Name = "SessionStore.Backups";
}
