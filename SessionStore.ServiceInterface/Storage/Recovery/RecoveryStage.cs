namespace SessionStore.ServiceInterface.Storage.Recovery;

/// <summary>How far a recovery has got; each step is recorded before the next starts, so a crash resumes it.</summary>
internal enum RecoveryStage
{
    /// <summary>The background check found damage; the next start recovers.</summary>
    Detected,
    /// <summary>The damaged files are being moved into the quarantine folder.</summary>
    Quarantining,
    /// <summary>They are all there; the replacement database is being built.</summary>
    Quarantined,
    /// <summary>The replacement is built (its figures are recorded) and waits to be moved into place.</summary>
    Built,
    Done,
}
