using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Sessions;

/// <summary>
/// The sessions a write batch changed, handed to every <see cref="ISessionChangeHook"/> once, at the end of the batch; a
/// write that must see its changes derived before it goes on (an erasure, before its rows go) applies them at once.
/// </summary>
internal sealed class SessionChangeBatch(ISessionChangeHook[] hooks) : IBatchWork
{
    private readonly List<SessionChange> changes = [];

    public void Add(SessionChange change) => changes.Add(change);

    public void Finish(SessionStoreDb db) => ApplyNow(db);

    /// <summary>Hands the changes so far to the hooks, in order, and starts over.</summary>
    public void ApplyNow(SessionStoreDb db)
    {
        if (changes.Count == 0) return;
        foreach (var hook in hooks) hook.Apply(db, changes);
        changes.Clear();
    }
}
