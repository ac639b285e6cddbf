using SessionStore.ServiceInterface.Storage;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.PostgreSql)]
public sealed class HighScoresTests(StorageProvider provider) : ServiceFixture(provider)
{

    private async Task<Guid> Complete(string game, string? player, long? score)
    {
        var created = await Client.CreateSessionAsync(new CreateSession { Game = game, PlayerName = player });
        await Client.CompleteSessionAsync(new CompleteSession { Id = created.Session.Id, Score = score }, created.Token);
        return created.Session.Id;
    }

    [Test]
    public async Task High_scores_rank_by_score_and_the_earlier_of_a_tie_first()
    {
        const string game = "ranked";
        var low = await Complete(game, "low", 10);
        var firstOfTie = await Complete(game, "first", 50);
        var secondOfTie = await Complete(game, "second", 50);
        var best = await Complete(game, "best", 99);

        var table = await Client.GetHighScoresAsync(new GetHighScores(Game: game));

        Assert.That(table.Game, Is.EqualTo(game));
        Assert.That(table.Results.Select(r => (r.Rank, r.SessionId, r.Score)), Is.EqualTo(new[]
        {
            (1, best, 99L), (2, firstOfTie, 50L), (3, secondOfTie, 50L), (4, low, 10L),
        }));
    }

    [Test]
    public async Task Only_completed_sessions_with_a_player_name_and_a_score_enter()
    {
        const string game = "entry-rules";
        var entered = await Complete(game, "named", 5);
        await Complete(game, null, 500);
        await Complete(game, "no-score", null);
        var abandoned = await Client.CreateSessionAsync(new CreateSession { Game = game, PlayerName = "quitter" });
        await Client.UpdateSessionAsync(new UpdateSession { Id = abandoned.Session.Id, Score = 1000 }, abandoned.Token);
        await Client.AbandonSessionAsync(new AbandonSession { Id = abandoned.Session.Id }, abandoned.Token);

        var table = await Client.GetHighScoresAsync(new GetHighScores(Game: game));

        Assert.That(table.Results.Select(r => r.SessionId), Is.EqualTo(new[] { entered }));
    }

    [Test]
    public async Task High_scores_are_per_game_and_limited_by_take()
    {
        for (var i = 1; i <= 5; i++) await Complete("take-game", $"p{i}", i);
        await Complete("other-game", "elsewhere", 1_000);

        var top3 = await Client.GetHighScoresAsync(new GetHighScores(Game: "take-game", Take: 3));

        Assert.That(top3.Results.Select(r => r.Score), Is.EqualTo(new long[] { 5, 4, 3 }));
        Assert.That(top3.Results.Select(r => r.PlayerName), Has.None.EqualTo("elsewhere"));
    }

    [Test]
    public async Task The_default_game_is_the_default_table()
    {
        var id = await Complete("default", "dee", 77);

        var table = await Client.GetHighScoresAsync(new GetHighScores());

        Assert.That(table.Game, Is.EqualTo("default"));
        Assert.That(table.Results.Select(r => r.SessionId), Does.Contain(id));
    }
}
