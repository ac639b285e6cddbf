using Microsoft.Playwright;
using SessionStore.Tests.Support;

namespace SessionStore.Tests.Browser;

/// <summary>The admin UI's Games tab: a game's rules, its boards per period, hiding, releasing, banning, and the audit log of it all.</summary>
public sealed class GamesTabTests : BrowserFixture
{
    private const string Game = "arcade";
    private Guid cheated;

    protected override async Task OnStartedAsync()
    {
        await Admin.SetGameRulesAsync(new SetGameRules { Game = Game, ScoreOrder = ScoreOrder.HigherIsBetter, Entries = BoardEntries.BestPerPlayer, MaxScore = 10_000 });
        foreach (var (player, score) in new[] { ("Ann", 900L), ("Bob", 700L), (MarkupName, 500L), ("Cy", 300L) }) await PlayAsync(player, score);
        cheated = await PlayAsync("Mallory", 9_999_999);
    }

    private async Task<Guid> PlayAsync(string player, long score)
    {
        var created = await Service.Client.CreateSessionAsync(new CreateSession { Game = Game, PlayerName = player });
        await Service.Client.CompleteSessionAsync(new CompleteSession { Id = created.Session.Id, Score = score }, created.Token);
        return created.Session.Id;
    }

    private ILocator BoardPlayers => Page.Locator("#board tbody td.player");

    [Test]
    public async Task An_admin_moderates_a_games_board_and_every_change_is_in_the_audit_log()
    {
        await SignInAsync();
        await OpenTabAsync("Games");
        var row = Page.Locator($"#games tr[data-game='{Game}']");
        await Expect(row).ToContainTextAsync("higherIsBetter");
        await Expect(row.Locator("td:nth-child(6)")).ToHaveTextAsync("1");
        await row.GetByRole(AriaRole.Link, new() { Name = Game }).ClickAsync();

        await Expect(BoardPlayers).ToHaveTextAsync(["Ann", "Bob", MarkupName, "Cy"]);
        await Expect(Page.Locator("#held-entries tbody tr")).ToContainTextAsync("aboveMaxScore");
        await ScreenshotAsync("admin-games");

        await Page.GetByLabel("Reason").FillAsync("score checked on video");
        await Page.Locator($"#held-entries tr[data-session='{cheated}'] button[data-action=release]").ClickAsync();
        await Expect(Page.Locator("#game-status")).ToHaveTextAsync("Entry released.");
        await Expect(BoardPlayers.First).ToHaveTextAsync("Mallory");

        await Page.GetByLabel("Reason").FillAsync("the video was edited");
        await Page.Locator($"#board tr[data-session='{cheated}'] button[data-action=hide]").ClickAsync();
        await Expect(BoardPlayers).ToHaveTextAsync(["Ann", "Bob", MarkupName, "Cy"]);
        await Expect(Page.Locator("#hidden-entries tbody")).ToContainTextAsync("the video was edited");

        await Page.GetByLabel("Reason").FillAsync("abusive name");
        await Page.GetByLabel("Player name").FillAsync("Cy");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Ban", Exact = true }).ClickAsync();
        await Expect(Page.Locator("#bans tbody")).ToContainTextAsync("abusive name");
        await Expect(BoardPlayers).ToHaveTextAsync(["Ann", "Bob", MarkupName]);

        await Page.GetByLabel("Reason").FillAsync("a speedrun now");
        await Page.GetByLabel("Score order").SelectOptionAsync("lowerIsBetter");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save rules" }).ClickAsync();
        await Expect(Page.Locator("#game-status")).ToHaveTextAsync("Rules saved; the boards were ranked again.");
        await Expect(BoardPlayers).ToHaveTextAsync([MarkupName, "Bob", "Ann"]);

        await Expect(Page.Locator("#audit-log tbody td:nth-child(2)")).ToHaveTextAsync(["setRules", "banPlayer", "hideEntry", "releaseEntry", "setRules"]);
        await Expect(Page.Locator("#audit-log tbody tr").First).ToContainTextAsync("a speedrun now");
    }

    [Test]
    public async Task A_change_without_a_reason_says_what_is_missing_and_changes_nothing()
    {
        await SignInAsync();
        await Page.GotoAsync($"/admin-ui/#games/{Game}");
        var first = Page.Locator("#board tbody tr").First;
        var player = await first.Locator("td.player").TextContentAsync();

        await first.Locator("button[data-action=hide]").ClickAsync();

        await Expect(Page.Locator("#game-status")).ToContainTextAsync("reason");
        await Expect(BoardPlayers.First).ToHaveTextAsync(player!);
    }

    protected override bool IsExpected(string problem) => problem.Contains("status of 400", StringComparison.Ordinal);
}
