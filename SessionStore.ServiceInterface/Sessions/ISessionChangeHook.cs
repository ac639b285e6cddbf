using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Sessions;

/// <summary>
/// Data derived from sessions (counters, rankings, per-day figures) kept in step with them. At the end of each write
/// batch every registered hook gets the sessions the batch changed, in the order it changed them (one session may
/// appear more than once), on the writer, inside the batch's transaction: the derived rows commit with the sessions or
/// not at all. A hook never changes sessions, and never calls another feature.
/// Register one with <c>AddSingleton&lt;ISessionChangeHook, ...&gt;()</c>, and its <see cref="IDerivedData"/> beside it.
/// </summary>
public interface ISessionChangeHook
{
    void Apply(SessionStoreDb db, IReadOnlyList<SessionChange> changes);
}
