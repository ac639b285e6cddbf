namespace SessionStore.ServiceInterface.Sessions;

/// <summary>The session after a write, or why the write was refused (with the session as it stands, if it exists).</summary>
public sealed record SessionWriteOutcome(SessionWriteRefusal Refusal, SessionRecord? Session);
