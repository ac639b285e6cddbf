namespace SessionStore.ServiceInterface.Storage.Backups;

/// <summary>
/// Which of a target's own backups go when a new one arrives: all but the newest <c>keep</c>, except that while damage
/// found in the live database is not repaired, the newest backup taken before it was found always stays. Backups taken
/// after the damage may have copied it (a page that silently lost rows passes integrity_check), so they must never push
/// the last copy from before it out. Foreign files are not the rotation's business: they are never in the list.
/// </summary>
public static class BackupRotation
{
    public static IReadOnlyList<BackupManifest> Expired(IReadOnlyList<BackupManifest> newestFirst, int keep, DateTime? damageFoundAt)
    {
        var lastBeforeDamage = damageFoundAt is { } foundAt ? newestFirst.FirstOrDefault(backup => backup.CreatedAt < foundAt) : null;
        return [.. newestFirst.Skip(keep).Where(backup => backup != lastBeforeDamage)];
    }
}
