using System.Net;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.Tests.Leaderboards;

/// <summary>Reading a whole board a page at a time, and a player's rank with the entries around it, over HTTP.</summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.PostgreSql)]
public sealed class BoardPagingAndRankTests(StorageProvider provider)
{
    private const string Game = "ranked";
    private const int Players = 25;
    private LeaderboardService service = null!;
    private readonly Dictionary<int, Guid> sessionOf = [];

    [OneTimeSetUp]
    public async Task Start()
    {
        service = await LeaderboardService.StartAsync(provider, new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
        // Player i scores i * 10 (player 25 is first), with an id; player 7 also plays a worse round.
        for (var i = 1; i <= Players; i++) sessionOf[i] = await service.PlayAsync(Game, $"p{i}", i * 10, playerId: $"id-{i}");
        await service.PlayAsync(Game, "p7", 1, playerId: "id-7");
    }

    [OneTimeTearDown]
    public async Task Stop() => await service.DisposeAsync();

    [Test]
    public async Task The_cursor_pages_through_the_whole_board_with_ranks_that_follow_on()
    {
        var seen = new List<HighScore>();
        var page = await service.Client.GetHighScoresAsync(new GetHighScores(Game: Game, Take: 10));
        seen.AddRange(page.Results);
        while (page.Cursor is { } cursor)
        {
            page = await service.Client.GetHighScoresAsync(new GetHighScores(Game: Game, Take: 10, Cursor: cursor));
            seen.AddRange(page.Results);
        }

        Assert.That(seen.Select(s => s.Rank), Is.EqualTo(Enumerable.Range(1, Players).Select(r => (long)r)));
        Assert.That(seen.Select(s => s.Score), Is.EqualTo(Enumerable.Range(1, Players).Reverse().Select(i => i * 10L)));
    }

    [Test]
    public async Task Skip_reads_a_page_further_down_with_its_ranks()
    {
        var page = await service.Client.GetHighScoresAsync(new GetHighScores(Game: Game, Skip: 20, Take: 10));

        Assert.That(page.Results.Select(r => (r.Rank, r.PlayerName)), Is.EqualTo(new[] { (21L, "p5"), (22L, "p4"), (23L, "p3"), (24L, "p2"), (25L, "p1") }));
        Assert.That(page.Cursor, Is.Null, "the end of the board");
    }

    [TestCase("take=101", "take")]
    [TestCase("take=0", "take")]
    [TestCase("skip=10001", "skip")]
    [TestCase("skip=1&cursor=MXwwfDB8MHwwfDAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA", "cursor")]
    [TestCase("cursor=not-a-cursor", "cursor")]
    [TestCase("period=week&cursor=MXwwfDB8MHwwfDAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA", "cursor")]
    [TestCase("period=yearly", "period")]
    [TestCase("at=1969-12-31T23:59:59Z", "at")]
    public async Task A_page_out_of_bounds_is_a_validation_problem(string query, string field)
    {
        using var response = await service.Client.Http.GetAsync($"api/highscores/?game={Game}&{query}");
        var problem = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), problem);
        Assert.That(problem, Does.Contain($"\"{field}\""));
    }

    [Test]
    public async Task A_players_rank_comes_with_the_boards_size_and_the_entries_around_it()
    {
        var byId = await service.Client.GetHighScoreRankAsync(new GetHighScoreRank(Game: Game, PlayerId: "id-7", Around: 2));
        var byName = await service.Client.GetHighScoreRankAsync(new GetHighScoreRank(Game: Game, PlayerName: "p7", Around: 0));
        var bySession = await service.Client.GetHighScoreRankAsync(new GetHighScoreRank(Game: Game, SessionId: sessionOf[25]));

        Assert.That((byId.Entry.Rank, byId.Entry.Score, byId.Total), Is.EqualTo((19L, 70L, (long)Players)), "the player's best round");
        Assert.That(byId.Above.Select(a => (a.Rank, a.PlayerName)), Is.EqualTo(new[] { (17L, "p9"), (18L, "p8") }));
        Assert.That(byId.Below.Select(b => (b.Rank, b.PlayerName)), Is.EqualTo(new[] { (20L, "p6"), (21L, "p5") }));
        Assert.That((byName.Entry.Rank, byName.Above.Count, byName.Below.Count), Is.EqualTo((19L, 0, 0)));
        Assert.That((bySession.Entry.Rank, bySession.Above.Count, bySession.Below.Count), Is.EqualTo((1L, 0, Limits.DefaultRankAround)));
    }

    [Test]
    public async Task A_player_with_no_entry_is_a_404_and_naming_none_or_two_is_a_validation_problem()
    {
        var missing = Assert.ThrowsAsync<SessionStoreApiException>(() => service.Client.GetHighScoreRankAsync(new GetHighScoreRank(Game: Game, PlayerId: "nobody")));
        var none = Assert.ThrowsAsync<SessionStoreApiException>(() => service.Client.GetHighScoreRankAsync(new GetHighScoreRank(Game: Game)));
        var two = Assert.ThrowsAsync<SessionStoreApiException>(() => service.Client.GetHighScoreRankAsync(new GetHighScoreRank(Game: Game, PlayerId: "id-1", PlayerName: "p1")));
        var far = Assert.ThrowsAsync<SessionStoreApiException>(() => service.Client.GetHighScoreRankAsync(new GetHighScoreRank(Game: Game, PlayerId: "id-1", Around: 26)));

        Assert.That(missing!.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((none!.Status, two!.Status, far!.Status), Is.EqualTo((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest)));
        Assert.That(far.Problem?.Errors?.Keys, Is.EqualTo(new[] { "around" }));
    }

    [Test]
    public async Task A_players_id_never_appears_in_a_public_answer()
    {
        var answers = new[]
        {
            await service.Client.Http.GetStringAsync($"api/highscores/?game={Game}&take=100"),
            await service.Client.Http.GetStringAsync($"api/highscores/rank?game={Game}&playerId=id-7&around=25"),
            await service.Client.Http.GetStringAsync($"api/sessions/{sessionOf[7]}"),
            await service.Client.Http.GetStringAsync($"api/sessions/?game={Game}&take=100"),
        };

        Assert.That(answers, Has.None.Contains("id-7"));
        Assert.That(answers, Has.None.Contains("playerId"));
    }
}
