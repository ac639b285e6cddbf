using System.Net;
using System.Text;
using SessionStore.ServiceInterface.Storage;
using SessionStore.Tests.Support;

namespace SessionStore.Tests.Leaderboards;

/// <summary>Live boards over Server-Sent Events: the board at once, again on each change, a comment when quiet, limits and CORS.</summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.PostgreSql)]
public sealed class BoardStreamTests(StorageProvider provider)
{
    private const string Frontend = "https://game.example.com";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private LeaderboardService service = null!;

    private static Dictionary<string, string?> Settings => new()
    {
        ["Leaderboards:StreamPollInterval"] = "00:00:00.100",
        ["Leaderboards:StreamKeepAlive"] = "00:00:01",
        ["Leaderboards:StreamsPerClient"] = "3",
        ["Cors:AllowedOrigins"] = Frontend,
    };

    [OneTimeSetUp]
    public async Task Start() => service = await LeaderboardService.StartAsync(provider, new DateTimeOffset(2026, 8, 1, 10, 0, 0, TimeSpan.Zero), Settings);

    [OneTimeTearDown]
    public async Task Stop() => await service.DisposeAsync();

    [Test]
    public async Task A_stream_sends_the_board_at_once_and_again_when_its_top_changes()
    {
        const string game = "live";
        await service.PlayAsync(game, "Ann", 10);
        using var timeout = new CancellationTokenSource(Patience);
        await using var boards = service.Client.StreamHighScoresAsync(new StreamHighScores(game, Take: 2), timeout.Token).GetAsyncEnumerator(timeout.Token);

        Assert.That(await NextAsync(boards), Is.EqualTo(new[] { ("Ann", 10L) }));
        var best = await service.PlayAsync(game, "Bob", 30);
        Assert.That(await NextAsync(boards), Is.EqualTo(new[] { ("Bob", 30L), ("Ann", 10L) }));
        await service.PlayAsync(game, "Cy", 1);                       // below the top two: no event for it
        await service.Admin.HideEntryAsync(new HideEntry { Game = game, SessionId = best, Reason = "cheat" });
        Assert.That(await NextAsync(boards), Is.EqualTo(new[] { ("Ann", 10L), ("Cy", 1L) }));
        await service.Admin.SetGameRulesAsync(new SetGameRules { Game = game, ScoreOrder = ScoreOrder.LowerIsBetter, Entries = BoardEntries.BestPerPlayer });
        Assert.That(await NextAsync(boards), Is.EqualTo(new[] { ("Cy", 1L), ("Ann", 10L) }));
    }

    [Test]
    public async Task A_quiet_stream_sends_a_comment_so_proxies_keep_it_open_and_answers_an_allowed_origin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/highscores/stream?game=quiet");
        request.Headers.Add("Origin", Frontend);
        using var response = await service.Client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(Patience);

        var lines = new List<string>();
        while (!lines.Contains(": keep-alive")) lines.Add(await reader.ReadLineAsync(timeout.Token) ?? "");

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { Frontend }));
        Assert.That(lines[0], Is.EqualTo("event: board"));
        Assert.That(lines[1], Does.StartWith("data: {\"game\":\"quiet\""));
    }

    [Test]
    public async Task An_address_holds_only_so_many_streams_open_and_one_that_closes_makes_room()
    {
        var open = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++) open.Add(await service.Client.Http.GetAsync("api/highscores/stream?game=crowded", HttpCompletionOption.ResponseHeadersRead));

        using var refused = await service.Client.Http.GetAsync("api/highscores/stream?game=crowded", HttpCompletionOption.ResponseHeadersRead);
        Assert.That(open.Select(r => r.StatusCode), Has.All.EqualTo(HttpStatusCode.OK));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(refused.Headers.RetryAfter, Is.Not.Null);

        open[0].Dispose();
        using var admitted = await Eventually.Until(
            () => service.Client.Http.GetAsync("api/highscores/stream?game=crowded", HttpCompletionOption.ResponseHeadersRead),
            response => response.StatusCode == HttpStatusCode.OK, Patience);
        foreach (var response in open) response.Dispose();
    }

    internal static async Task<IReadOnlyList<(string, long)>> NextAsync(IAsyncEnumerator<HighScoresResponse> boards)
    {
        Assert.That(await boards.MoveNextAsync(), Is.True, "the stream ended");
        return [.. boards.Current.Results.Select(r => (r.PlayerName, r.Score))];
    }
}
