namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// Work the writes of a batch hand to its end: made by the first write that needs it (<see cref="SessionStoreDb.BatchWork{T}"/>),
/// it runs once, after every write of the batch, inside the same transaction, just before the commit. What it derives from
/// the writes (counters, rankings) is therefore done once per batch, and commits with them or not at all.
/// </summary>
public interface IBatchWork
{
    void Finish(SessionStoreDb db);
}
