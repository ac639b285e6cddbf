using System.Globalization;
using Microsoft.Playwright;
using SessionStore.Tests.Support;

namespace SessionStore.Tests.Browser;

/// <summary>What anyone reaching the service sees: the landing page and the API explorer.</summary>
public sealed class PublicPagesTests : BrowserFixture
{
    protected override Task OnStartedAsync() => Workload.PlayAsync(Service.Client, 30);

    [Test]
    public async Task The_landing_page_shows_live_session_figures_the_top_scores_and_the_way_on()
    {
        var stats = (await Service.Client.GetStatsAsync(new GetStats())).Sessions;
        var best = (await Service.Client.GetHighScoresAsync(new GetHighScores())).Results[0];

        await Page.GotoAsync("/");

        await Expect(Page.Locator("#live-stats [data-stat=active]")).ToHaveTextAsync(stats.Active.ToString("N0", CultureInfo.InvariantCulture));
        await Expect(Page.Locator("#live-stats [data-stat=total]")).ToHaveTextAsync(stats.Total.ToString("N0", CultureInfo.InvariantCulture));
        await Expect(Page.Locator("#scores tbody tr").First).ToContainTextAsync(best.PlayerName);
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "API explorer" })).ToHaveAttributeAsync("href", "/ui/");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Admin" })).ToHaveAttributeAsync("href", "/admin-ui/");
        await ScreenshotAsync("landing");

        await Page.GetByLabel("Game").FillAsync("puzzle");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        var puzzleBest = (await Service.Client.GetHighScoresAsync(new GetHighScores(Game: "puzzle"))).Results[0];
        await Expect(Page.Locator("#scores tbody tr").First).ToContainTextAsync(puzzleBest.PlayerName);
    }

    [Test]
    public async Task The_API_explorer_shows_every_operation_group_and_both_credentials()
    {
        await Page.GotoAsync("/ui/");

        var sidebar = Page.GetByRole(AriaRole.Complementary, new() { Name = "Sidebar for SessionStore API" });
        foreach (var tag in new[] { "Sessions", "Stats", "High scores", "Admin: database", "Health" })
            await Expect(sidebar.GetByRole(AriaRole.Link, new() { Name = tag, Exact = true })).ToBeVisibleAsync();
        await Expect(sidebar.GetByRole(AriaRole.Link, new() { Name = "Report progress (heartbeat)" })).ToBeVisibleAsync();
        var authentication = Page.GetByRole(AriaRole.Group, new() { Name = "Authentication" });
        await Expect(authentication).ToContainTextAsync("SessionToken: bearer");
        await Expect(authentication).ToContainTextAsync("AdminKey: header");
        await Expect(authentication.GetByRole(AriaRole.Textbox, new() { Name = "Bearer Token" })).ToBeVisibleAsync();
        await ScreenshotAsync("api-explorer", fullPage: false);
    }

    [Test]
    public async Task The_API_explorer_keeps_a_typed_credential_for_the_tab_only_under_a_policy_that_forbids_framing()
    {
        var response = await Page.GotoAsync("/ui/");
        var token = Page.GetByRole(AriaRole.Group, new() { Name = "Authentication" }).GetByRole(AriaRole.Textbox, new() { Name = "Bearer Token" });
        await token.FillAsync("a-typed-session-token");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Report progress (heartbeat)" }).First.ClickAsync();
        var stored = await Page.EvaluateAsync<string>("() => JSON.stringify({ ...localStorage })");
        await Page.ReloadAsync();

        Assert.That(stored, Does.Not.Contain("a-typed-session-token"), "nothing typed is kept in localStorage");
        await Expect(Page.GetByRole(AriaRole.Group, new() { Name = "Authentication" }).GetByRole(AriaRole.Textbox, new() { Name = "Bearer Token" }))
            .ToHaveValueAsync("");
        Assert.That(await response!.HeaderValueAsync("content-security-policy"), Does.Contain("frame-ancestors 'none'"));
    }
}
