namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// Tables a feature derives entirely from other rows, such as counters. A recovery does not salvage them:
/// once the rows have come back from a backup and a damaged file, each registered implementation recomputes
/// its tables from them, inside one transaction, so they agree with the rows again.
/// </summary>
public interface IDerivedData
{
    IReadOnlyList<string> Tables { get; }

    void Rebuild(SessionStoreDb db);
}
