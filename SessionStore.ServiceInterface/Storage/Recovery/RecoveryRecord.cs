namespace SessionStore.ServiceInterface.Storage.Recovery;

/// <summary>One recovery as the journal stores it: the public event plus where it stands.</summary>
internal sealed record RecoveryRecord
{
    public required string Id { get; init; }
    public required DateTime At { get; init; }
    public required string Problem { get; init; }
    /// <summary>Relative to the data directory, so the record stays true wherever the directory is mounted.</summary>
    public string QuarantinedTo { get; init; } = "";
    public required RecoveryPath RecoveryPath { get; init; }
    public string? RestoredFromBackup { get; init; }
    public long RowsRestored { get; init; }
    public long RowsSalvaged { get; init; }
    public bool Acknowledged { get; init; }
    public RecoveryStage Stage { get; init; }
    /// <summary>The replacement was prepared before quarantining (an offline restore), so there is nothing to build.</summary>
    public bool ReplacementPrepared { get; init; }
}
