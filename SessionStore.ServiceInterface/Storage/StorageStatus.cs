namespace SessionStore.ServiceInterface.Storage;

/// <summary>Whether the database is open and migrated, or being recovered while the service runs, for the readiness check.</summary>
public sealed class StorageStatus
{
    private volatile State state = new(false, false, 0, "The database is being opened and migrated.");

    public bool IsReady => state.Ready;

    /// <summary>The database is being replaced while the service runs: nothing may open it until it is back.</summary>
    public bool IsRecovering => state.Recovering;

    public long SchemaVersion => state.SchemaVersion;
    public string Description => state.Description;

    internal void MarkReady(long schemaVersion) =>
        state = new(true, false, schemaVersion, $"The database is open at schema version {schemaVersion}.");

    internal void MarkRecovering(string description) => state = state with { Ready = false, Recovering = true, Description = description };

    internal void MarkStopping() =>
        state = state with { Ready = false, Description = "The service is shutting down." };

    private sealed record State(bool Ready, bool Recovering, long SchemaVersion, string Description);
}
