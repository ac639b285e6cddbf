namespace SessionStore.ServiceInterface.Sessions;

/// <summary>
/// One session as a write has just left it, and the status it had before: none when the write started it, the same
/// status for a heartbeat. <see cref="Session"/> holds the row as it is now stored.
/// </summary>
public sealed record SessionChange(SessionRecord Session, SessionStatus? From, SessionStatus To)
{
    public bool Started => From is null;

    /// <summary>An active session has just completed or been abandoned.</summary>
    public bool Ended => From == SessionStatus.Active && To != SessionStatus.Active;
}
