using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Sessions;

/// <summary>
/// Data derived from sessions (counters, rankings, per-day figures) kept in step with them. Every session write calls
/// every registered hook with the sessions it changed, on the writer, inside the transaction that made the change: the
/// derived rows commit with it or not at all. A hook never changes sessions, and never calls another feature.
/// Register one with <c>AddSingleton&lt;ISessionChangeHook, ...&gt;()</c>, and its <see cref="IDerivedData"/> beside it.
/// </summary>
public interface ISessionChangeHook
{
    void Apply(SessionStoreDb db, IReadOnlyList<SessionChange> changes);
}
