using System.Globalization;
using Microsoft.Playwright;
using SessionStore.Tests.Support;

namespace SessionStore.Tests.Browser;

/// <summary>The /play demo game: a round saved through the bundled TypeScript client, live boards, and a closed tab's session abandoned.</summary>
public sealed class PlayPageTests : BrowserFixture
{
    /// <summary>Answers every sum shown until the round is over; the round's length comes from the page's query.</summary>
    internal static async Task PlayRoundAsync(IPage page, string playerName)
    {
        await page.GetByLabel("Your name").FillAsync(playerName);
        await page.GetByLabel("Your name").PressAsync("Enter");
        var answer = page.Locator("#answer");
        while (await page.Locator("#result").IsHiddenAsync())
        {
            var question = (await page.Locator("#question").TextContentAsync() ?? "").TrimEnd('=', ' ').Split(' ');
            if (question.Length != 3) continue;
            var (x, y) = (long.Parse(question[0], CultureInfo.InvariantCulture), long.Parse(question[2], CultureInfo.InvariantCulture));
            var sum = question[1] switch { "+" => x + y, "−" => x - y, _ => x * y };
            try { await answer.FillAsync(sum.ToString(CultureInfo.InvariantCulture), new() { Timeout = 1000 }); await answer.PressAsync("Enter", new() { Timeout = 1000 }); }
            catch (TimeoutException) { /* the round ended while answering */ }
        }
    }

    [Test]
    public async Task A_whole_round_starts_a_session_sends_heartbeats_completes_it_and_puts_the_player_on_the_boards()
    {
        var heartbeats = 0;
        Page.Request += (_, request) => { if (request.Method == "PATCH") Interlocked.Increment(ref heartbeats); };
        await Page.GotoAsync("/play/?game=round&seconds=7");
        await Expect(Page.Locator("#saving")).ToHaveAttributeAsync("data-saving", "yes");

        await PlayRoundAsync(Page, "Ada");

        await Expect(Page.Locator("#result")).ToHaveAttributeAsync("data-saved", "yes");
        var score = long.Parse(await Page.Locator("#score").TextContentAsync() ?? "", CultureInfo.InvariantCulture);
        var board = Page.Locator(".board[data-period=allTime]");
        await Expect(board.Locator("li[data-player=Ada] .score")).ToHaveTextAsync(score.ToString(CultureInfo.InvariantCulture));
        await Expect(board.Locator(".best")).ToHaveTextAsync($"Your best: {score}, rank 1 of 1.");
        await Expect(Page.Locator(".board[data-period=week] li[data-player=Ada]")).ToBeVisibleAsync();
        var sessions = await Service.Client.QuerySessionsAsync(new QuerySessions(Game: "round"));
        Assert.Multiple(() =>
        {
            Assert.That(heartbeats, Is.GreaterThanOrEqualTo(1), "a heartbeat every 3 s of a 7 s round");
            Assert.That(sessions.Results.Select(s => (s.PlayerName, s.Status, s.Score)), Is.EqualTo(new[] { ("Ada", SessionStatus.Completed, (long?)score) }));
            Assert.That(sessions.Results[0].Metadata?["level"]?.GetValue<int>(), Is.GreaterThanOrEqualTo(1));
        });
        await ScreenshotAsync("play");
    }

    [Test]
    public async Task A_second_page_on_the_same_board_sees_the_new_entry_arrive_without_reloading()
    {
        var watcher = await Context.NewPageAsync();
        await watcher.GotoAsync("/play/?game=live");
        await Expect(watcher.Locator(".board[data-period=day] ol")).ToContainTextAsync("No scores yet.");

        await Page.GotoAsync("/play/?game=live&seconds=3");
        await PlayRoundAsync(Page, "Bo");
        await Expect(Page.Locator("#result")).ToHaveAttributeAsync("data-saved", "yes");

        await Expect(watcher.Locator(".board[data-period=day] li[data-player=Bo]")).ToBeVisibleAsync();
        await Expect(watcher.Locator(".board[data-period=allTime] li[data-player=Bo]")).ToBeVisibleAsync();
    }

    [Test]
    public async Task Closing_the_tab_mid_round_abandons_its_session()
    {
        var page = await Context.NewPageAsync();
        await page.GotoAsync("/play/?game=closed&seconds=60");
        await page.GetByLabel("Your name").FillAsync("Cy");
        // The first heartbeat shows the page holds the session and its token (the 201 alone may still be being read).
        var heartbeat = page.WaitForResponseAsync(r => r.Request.Method == "PATCH" && r.Status == 200);
        await page.GetByLabel("Your name").PressAsync("Enter");
        await heartbeat;

        await page.CloseAsync(new() { RunBeforeUnload = true });

        var sessions = await Eventually.Until(
            () => Service.Client.QuerySessionsAsync(new QuerySessions(Game: "closed")),
            page => page.Results.Count == 1 && page.Results[0].Status != SessionStatus.Active);
        Assert.That(sessions.Results[0].Status, Is.EqualTo(SessionStatus.Abandoned));
    }
}

/// <summary>/play with its service stopped: the game still plays and says plainly that scores are not being saved.</summary>
public sealed class PlayWithoutServiceTests : BrowserFixture
{
    /// <summary>The browser logs each request the stopped service cannot answer; the page itself says so in words.</summary>
    protected override bool IsExpected(string problem) => problem.Contains("Failed to load resource: net::ERR_", StringComparison.Ordinal);

    [Test]
    public async Task With_the_service_stopped_the_game_plays_and_says_scores_are_not_being_saved()
    {
        await Page.GotoAsync("/play/?seconds=3");
        await Expect(Page.Locator("#saving")).ToHaveAttributeAsync("data-saving", "yes");

        await Service.KillAsync();
        await PlayPageTests.PlayRoundAsync(Page, "Dee");

        await Expect(Page.Locator("#saving")).ToHaveTextAsync("Scores are not being saved: the score service cannot be reached. You can still play.");
        await Expect(Page.Locator("#result")).ToContainTextAsync("Not saved: the score service cannot be reached.");
        await Expect(Page.Locator("#result")).ToContainTextAsync("Round over:");
    }
}
