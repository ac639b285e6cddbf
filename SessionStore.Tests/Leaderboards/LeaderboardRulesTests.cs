using System.Net;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.Tests.Leaderboards;

/// <summary>A game's rules over HTTP: its defaults, best per player or every session, score order, and the rules that hold entries back.</summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.PostgreSql)]
public sealed class LeaderboardRulesTests(StorageProvider provider)
{
    private LeaderboardService service = null!;

    [OneTimeSetUp]
    public async Task Start() => service = await LeaderboardService.StartAsync(provider, new DateTimeOffset(2026, 5, 4, 12, 0, 0, TimeSpan.Zero));

    [OneTimeTearDown]
    public async Task Stop() => await service.DisposeAsync();

    [Test]
    public async Task A_new_game_gets_the_default_rules_and_keeps_each_players_best_entry()
    {
        const string game = "defaults";
        await service.PlayAsync(game, "Ann", 10);
        await service.PlayAsync(game, "Ann", 30);
        await service.PlayAsync(game, "Bob", 20);
        await service.PlayAsync(game, "Ann", 25);

        var rules = await service.Client.GetGameAsync(new GetGame(game));

        Assert.That(rules.Rules, Is.EqualTo(new GameRules(ScoreOrder.HigherIsBetter, BoardEntries.BestPerPlayer, MaxScore: null, MinDurationSeconds: null)));
        Assert.That(await service.BoardAsync(game), Is.EqualTo(new[] { ("Ann", 30L), ("Bob", 20L) }), "one grinder cannot fill the board");
    }

    [Test]
    public async Task Best_per_player_counts_a_player_by_their_id_when_they_send_one_and_by_name_otherwise()
    {
        const string game = "player-ids";
        await service.PlayAsync(game, "Ann", 10, playerId: "uuid-ann");
        await service.PlayAsync(game, "Annie", 40, playerId: "uuid-ann");
        await service.PlayAsync(game, "Ann", 30, playerId: "uuid-other-ann");
        await service.PlayAsync(game, "Ann", 20);

        Assert.That(await service.BoardAsync(game), Is.EqualTo(new[] { ("Annie", 40L), ("Ann", 30L), ("Ann", 20L) }),
            "one id under two names is one player; one name under two ids, and without one, three");
    }

    [Test]
    public async Task An_every_session_board_lower_is_better_ranks_every_time_fastest_first_and_the_earlier_of_a_tie_first()
    {
        const string game = "speedrun";
        await service.Admin.SetGameRulesAsync(new SetGameRules { Game = game, ScoreOrder = ScoreOrder.LowerIsBetter, Entries = BoardEntries.EverySession });
        await service.PlayAsync(game, "Ann", 95);
        await service.PlayAsync(game, "Bob", 80);
        await service.PlayAsync(game, "Ann", 80);
        await service.PlayAsync(game, "Ann", 120);

        Assert.That(await service.BoardAsync(game), Is.EqualTo(new[] { ("Bob", 80L), ("Ann", 80L), ("Ann", 95L), ("Ann", 120L) }));
        Assert.That((await service.Client.GetGameAsync(new GetGame(game))).Rules.ScoreOrder, Is.EqualTo(ScoreOrder.LowerIsBetter));
    }

    // Sessions__MaxScore's default: the service refuses more before any game's rule is asked.
    private const long HighestScoreTheServiceTakes = 1_000_000_000_000_000;

    [Test]
    public async Task A_score_above_max_score_completes_but_its_entry_is_held_until_an_admin_releases_it()
    {
        const string game = "capped";
        await service.Admin.SetGameRulesAsync(new SetGameRules { Game = game, ScoreOrder = ScoreOrder.HigherIsBetter, Entries = BoardEntries.BestPerPlayer, MaxScore = 1_000 });
        await service.PlayAsync(game, "Honest", 900);
        var cheated = await service.PlayAsync(game, "Cheat", HighestScoreTheServiceTakes);

        var session = await service.Client.GetSessionAsync(new GetSession { Id = cheated });
        var held = await service.Admin.QueryGameEntriesAsync(new QueryGameEntries(game));
        Assert.That(session.Status, Is.EqualTo(SessionStatus.Completed));
        Assert.That(await service.BoardAsync(game), Is.EqualTo(new[] { ("Honest", 900L) }));
        Assert.That(held.Results.Select(e => (e.SessionId, e.State, e.Reason)), Is.EqualTo(new[] { (cheated, EntryState.Held, (EntryReason?)EntryReason.AboveMaxScore) }));
        Assert.That(held.Results[0].Detail, Does.Contain("maxScore 1000"));

        var released = await service.Admin.ReleaseEntryAsync(new ReleaseEntry { Game = game, SessionId = cheated, Reason = "verified on video" });

        Assert.That(released.State, Is.EqualTo(EntryState.Listed));
        Assert.That(await service.BoardAsync(game), Is.EqualTo(new[] { ("Cheat", HighestScoreTheServiceTakes), ("Honest", 900L) }));
        Assert.That((await service.Admin.QueryGameEntriesAsync(new QueryGameEntries(game))).Total, Is.Zero);
    }

    [Test]
    public async Task A_session_shorter_than_min_duration_is_held_with_its_duration()
    {
        const string game = "no-bots";
        await service.Admin.SetGameRulesAsync(new SetGameRules { Game = game, ScoreOrder = ScoreOrder.HigherIsBetter, Entries = BoardEntries.BestPerPlayer, MinDurationSeconds = 30 });
        await service.PlayAsync(game, "Human", 50, lasting: TimeSpan.FromSeconds(45));
        var bot = await service.PlayAsync(game, "Bot", 5_000, lasting: TimeSpan.FromSeconds(2));

        var held = await service.Admin.QueryGameEntriesAsync(new QueryGameEntries(game, EntryState.Held));

        Assert.That(await service.BoardAsync(game), Is.EqualTo(new[] { ("Human", 50L) }));
        Assert.That(held.Results.Select(e => (e.SessionId, e.Reason, e.DurationSeconds)), Is.EqualTo(new[] { (bot, (EntryReason?)EntryReason.BelowMinDuration, 2.0) }));
    }

    [Test]
    public async Task Changing_the_rules_ranks_again_from_the_stored_entries_and_loses_nothing()
    {
        const string game = "reranked";
        await service.PlayAsync(game, "Ann", 100);
        await service.PlayAsync(game, "Ann", 300);
        await service.PlayAsync(game, "Bob", 200);
        Assert.That(await service.BoardAsync(game), Is.EqualTo(new[] { ("Ann", 300L), ("Bob", 200L) }));

        await service.Admin.SetGameRulesAsync(new SetGameRules { Game = game, ScoreOrder = ScoreOrder.LowerIsBetter, Entries = BoardEntries.EverySession, MaxScore = 250 });
        Assert.That(await service.BoardAsync(game), Is.EqualTo(new[] { ("Ann", 100L), ("Bob", 200L) }), "every session, lowest first, 300 held");
        Assert.That((await service.Admin.QueryGameEntriesAsync(new QueryGameEntries(game))).Results.Select(e => e.Score), Is.EqualTo(new[] { 300L }));

        await service.Admin.SetGameRulesAsync(new SetGameRules { Game = game, ScoreOrder = ScoreOrder.HigherIsBetter, Entries = BoardEntries.BestPerPlayer });
        Assert.That(await service.BoardAsync(game), Is.EqualTo(new[] { ("Ann", 300L), ("Bob", 200L) }), "back as it was: the held entry is listed again");
    }

    [Test]
    public async Task Rules_that_are_not_rules_are_refused_and_change_nothing()
    {
        const string game = "refused-rules";
        await service.PlayAsync(game, "Ann", 10);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"api/admin/games/{game}/rules")
        {
            Content = new StringContent("""{"scoreOrder":"sideways","entries":"bestPerPlayer"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Admin-Key", LeaderboardService.AdminKey);

        using var response = await service.Admin.Http.SendAsync(request);
        var missing = Assert.ThrowsAsync<SessionStoreApiException>(() => service.Admin.SetGameRulesAsync(new SetGameRules { Game = game, MaxScore = -1 }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(missing!.Problem?.Errors?.Keys, Is.EquivalentTo(new[] { "scoreOrder", "entries", "maxScore" }));
        Assert.That((await service.Client.GetGameAsync(new GetGame(game))).Rules, Is.EqualTo(new GameRules(ScoreOrder.HigherIsBetter, BoardEntries.BestPerPlayer, null, null)));
    }
}
