using LinqToDB;
using LinqToDB.Mapping;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.HighScores;

/// <summary>A row of <c>high_scores</c>: the score a completed session ended with.</summary>
[Table("high_scores")]
public sealed class HighScoreRecord
{
    [PrimaryKey, Column("session_id")] public required string SessionId { get; set; }
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
