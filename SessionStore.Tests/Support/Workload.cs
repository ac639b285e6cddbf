namespace SessionStore.Tests.Support;

/// <summary>A realistic mix of session writes, and a snapshot of everything the API can read back.</summary>
public static class Workload
{
    /// <summary>Creates sessions over two games; completes every third with a score, abandons every fourth, heartbeats the rest.</summary>
    public static async Task PlayAsync(SessionStoreClient client, int sessions)
    {
        for (var i = 0; i < sessions; i++)
        {
            var created = await client.CreateSessionAsync(new CreateSession { PlayerName = $"player{i}", Game = i % 2 == 0 ? "default" : "puzzle" });
            var id = created.Session.Id;
            if (i % 3 == 0) await client.CompleteSessionAsync(new CompleteSession { Id = id, Score = i * 10 }, created.Token);
            else if (i % 4 == 0) await client.AbandonSessionAsync(new AbandonSession { Id = id }, created.Token);
            else await client.UpdateSessionAsync(new UpdateSession { Id = id, Score = i, Metadata = new() { ["step"] = i } }, created.Token);
        }
    }
}

public sealed record Snapshot(IReadOnlyList<string> Sessions, SessionStats Stats, IReadOnlyList<HighScore> HighScores)
{
    public static async Task<Snapshot> TakeAsync(SessionStoreClient client)
    {
        var sessions = (await EverySessionAsync(client)).Select(s => System.Text.Json.JsonSerializer.Serialize(s)).ToList();
        var stats = await client.GetStatsAsync(new GetStats());
        var highScores = (await client.GetHighScoresAsync(new GetHighScores(Take: Limits.MaxHighScoresTake))).Results
            .Concat((await client.GetHighScoresAsync(new GetHighScores(Game: "puzzle", Take: Limits.MaxHighScoresTake))).Results);
        return new Snapshot(sessions, stats.Sessions, [.. highScores]);
    }

    /// <summary>Every session the service lists, newest first, page by page through the listing's cursor.</summary>
    public static async Task<IReadOnlyList<Session>> EverySessionAsync(SessionStoreClient client)
    {
        var sessions = new List<Session>();
        for (string? after = null; ;)
        {
            var page = await client.QuerySessionsAsync(new QuerySessions(Take: Limits.MaxQueryTake, After: after));
            sessions.AddRange(page.Results);
            if ((after = page.Next) is null) return sessions;
        }
    }
}
