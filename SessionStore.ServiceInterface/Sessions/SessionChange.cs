namespace SessionStore.ServiceInterface.Sessions;

/// <summary>
/// One session as a write has just left it, and the status it had before: none when the write started it, the same
/// status for a heartbeat. <see cref="Session"/> holds the row as it is now stored. An erased session has no status
/// after: it is reported with its last row before the row is deleted, so the rows derived from it can go first.
/// </summary>
public sealed record SessionChange(SessionRecord Session, SessionStatus? From, SessionStatus? To)
{
    public bool Started => From is null;

    /// <summary>An active session has just completed or been abandoned.</summary>
    public bool Ended => From == SessionStatus.Active && To is SessionStatus.Completed or SessionStatus.Abandoned;

    /// <summary>The session is being deleted (a player's data erased on request).</summary>
    public bool Erased => From is not null && To is null;
}
