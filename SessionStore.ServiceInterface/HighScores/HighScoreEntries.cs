using LinqToDB;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.HighScores;

/// <summary>Enters each session that completes with a player name and a score into its game's high scores.</summary>
public sealed class HighScoreEntries : ISessionChangeHook
{
    public void Apply(SessionStoreDb db, IReadOnlyList<SessionChange> changes)
    {
        foreach (var change in changes)
        {
            if (change is not { Ended: true, To: SessionStatus.Completed, Session: { PlayerName: { } player, Score: { } score, EndedAt: { } endedAt } completed })
                continue;
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
}
