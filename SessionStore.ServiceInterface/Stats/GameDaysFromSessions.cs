using LinqToDB;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Stats;

/// <summary>After a recovery, each game's per-day counts, durations and drop-off are counted again from the sessions that came back.</summary>
internal sealed class GameDaysFromSessions : IDerivedData
{
    public IReadOnlyList<string> Tables => [GameDayRecord.TableName, GameDayDurationRecord.TableName, GameDayDropOffRecord.TableName];

    public void Rebuild(SessionStoreDb db)
    {
        db.GameDays.Delete();
        db.GameDayDurations.Delete();
        db.GameDayDropOffs.Delete();
        var tally = new GameDayTally();
        var sessions = db.Sessions.Select(s => new SessionRecord
        {
            Id = s.Id, TokenHash = Array.Empty<byte>(), Game = s.Game, Status = s.Status,
            StartedAt = s.StartedAt, LastSeenAt = s.LastSeenAt, EndedAt = s.EndedAt,
            // Only an abandoned session's level counts.
            Metadata = s.Status == SessionStatusText.Abandoned ? s.Metadata : null,
        });
        foreach (var session in sessions) tally.Count(session, SessionStatusText.Parse(session.Status), +1);
        tally.WriteTo(db);
    }
}
