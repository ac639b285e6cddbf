namespace SessionStore.ServiceInterface.Storage.Recovery;

/// <summary>What is wrong with the database files, if anything.</summary>
public enum DamageKind
{
    None,
    /// <summary>Only the -shm (SQLite's index of the WAL, rebuilt from the WAL) is garbage; the data is untouched.</summary>
    SharedMemoryIndex,
    /// <summary>The database file or its WAL is damaged.</summary>
    Database,
}
