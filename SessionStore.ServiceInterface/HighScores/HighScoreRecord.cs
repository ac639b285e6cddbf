using LinqToDB;
using LinqToDB.Mapping;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.HighScores;

/// <summary>A row of <c>high_scores</c>: the score a completed session ended with.</summary>
[Table(TableName)]
public sealed class HighScoreRecord
{
    public const string TableName = "high_scores";

    [PrimaryKey, Column("session_id", CanBeNull = false)] public required string SessionId { get; set; }
    [Column("game")] public required string Game { get; set; }
    [Column("player_name")] public required string PlayerName { get; set; }
    [Column("score")] public long Score { get; set; }
    [Column("achieved_at")] public long AchievedAt { get; set; }
}

public static class HighScoreEntries
{
    extension(SessionStoreDb db)
    {
        public ITable<HighScoreRecord> HighScores => db.GetTable<HighScoreRecord>();
    }

    /// <summary>Enters a just-completed session, if it has a player name and a score. Runs in the completing transaction.</summary>
    public static void Enter(SessionStoreDb db, SessionRecord completed)
    {
        if (completed is not { PlayerName: { } player, Score: { } score, EndedAt: { } endedAt }) return;
        db.Insert(new HighScoreRecord
        {
            SessionId = completed.Id,
            Game = completed.Game,
            PlayerName = player,
            Score = score,
            AchievedAt = endedAt,
        });
    }
}

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
