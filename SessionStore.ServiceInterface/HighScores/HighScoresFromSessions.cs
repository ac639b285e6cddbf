using LinqToDB;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.HighScores;

/// <summary>After a recovery, high scores are entered again from the completed sessions that came back, and only from them.</summary>
internal sealed class HighScoresFromSessions : IDerivedData
{
    public IReadOnlyList<string> Tables => [HighScoreRecord.TableName];

    public void Rebuild(SessionStoreDb db)
    {
        var highScores = db.HighScores;
        var entitled = db.Sessions.Where(s => s.Status == SessionStatusText.Completed && s.PlayerName != null && s.Score != null && s.EndedAt != null);
        highScores.Where(h => !entitled.Any(s => s.Id == h.SessionId)).Delete();
        entitled
            .Where(s => !highScores.Any(h => h.SessionId == s.Id))
            .Insert(highScores, s => new HighScoreRecord
            {
                SessionId = s.Id,
                Game = s.Game,
                PlayerName = s.PlayerName!,
                Score = s.Score!.Value,
                AchievedAt = s.EndedAt!.Value,
            });
    }
}
