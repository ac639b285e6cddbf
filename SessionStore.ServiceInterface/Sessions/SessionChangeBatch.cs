using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Sessions;

/// <summary>The sessions a write batch changed, handed to every <see cref="ISessionChangeHook"/> once, at the end of the batch.</summary>
internal sealed class SessionChangeBatch(ISessionChangeHook[] hooks) : IBatchWork
{
    private readonly List<SessionChange> changes = [];

    public void Add(SessionChange change) => changes.Add(change);

    public void Finish(SessionStoreDb db)
    {
        foreach (var hook in hooks) hook.Apply(db, changes);
    }
}
