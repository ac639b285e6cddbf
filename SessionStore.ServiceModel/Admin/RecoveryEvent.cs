namespace SessionStore.ServiceModel;

/// <summary>
/// What happened when the service found its database damaged at startup: what was wrong, where the
/// damaged files went, and how much came back from the newest good backup and from salvage.
/// </summary>
public sealed record RecoveryEvent(
    string Id,
    DateTime At,
    string Problem,
    string QuarantinedTo,
    RecoveryPath RecoveryPath,
    string? RestoredFromBackup,
    long RowsRestored,
    long RowsSalvaged,
    bool Acknowledged);
