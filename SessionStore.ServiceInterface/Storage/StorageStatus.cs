namespace SessionStore.ServiceInterface.Storage;

/// <summary>Whether the database is open and migrated, for the readiness check.</summary>
public sealed class StorageStatus
{
    private volatile State state = new(false, 0, "The database is being opened and migrated.");

    public bool IsReady => state.Ready;
    public long SchemaVersion => state.SchemaVersion;
    public string Description => state.Description;

    internal void MarkReady(long schemaVersion) =>
        state = new(true, schemaVersion, $"The database is open at schema version {schemaVersion}.");

    internal void MarkStopping() =>
        state = state with { Ready = false, Description = "The service is shutting down." };

    private sealed record State(bool Ready, long SchemaVersion, string Description);
}
