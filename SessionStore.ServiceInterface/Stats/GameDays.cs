using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Stats;

/// <summary>Keeps each game's per-day counts, completed durations and drop-off in step with every session write.</summary>
public sealed class GameDays : ISessionChangeHook
{
    public void Apply(SessionStoreDb db, IReadOnlyList<SessionChange> changes)
    {
        var tally = new GameDayTally();
        foreach (var change in changes) tally.Add(change);
        if (!tally.IsEmpty) tally.WriteTo(db);
    }
}
