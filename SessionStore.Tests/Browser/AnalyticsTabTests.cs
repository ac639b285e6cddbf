using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SessionStore.Tests.Support;

namespace SessionStore.Tests.Browser;

/// <summary>The admin UI's Analytics tab: one game's sessions per day, completion rate, durations and drop-off, drawn as SVG.</summary>
public sealed class AnalyticsTabTests : BrowserFixture
{
    private const string Game = "puzzle";

    /// <summary>Five completed sessions, three abandoned (two at level 1, one at level 3), one still active, and another game's session.</summary>
    protected override async Task OnStartedAsync()
    {
        var client = Service.Client;
        for (var i = 0; i < 5; i++)
        {
            var done = await client.CreateSessionAsync(new CreateSession { Game = Game, PlayerName = $"P{i}" });
            await client.CompleteSessionAsync(new CompleteSession { Id = done.Session.Id, Score = 100 * i }, done.Token);
        }
        foreach (var level in new[] { 1, 1, 3 })
        {
            var quit = await client.CreateSessionAsync(new CreateSession { Game = Game, Metadata = new JsonObject { ["level"] = 1 } });
            await client.UpdateSessionAsync(new UpdateSession { Id = quit.Session.Id, Metadata = new JsonObject { ["level"] = level } }, quit.Token);
            await client.AbandonSessionAsync(new AbandonSession { Id = quit.Session.Id }, quit.Token);
        }
        await client.CreateSessionAsync(new CreateSession { Game = Game });
        await client.CreateSessionAsync(new CreateSession { Game = "other" });
    }

    [Test]
    public async Task An_admin_picks_a_game_and_sees_its_days_completion_durations_and_drop_off()
    {
        await SignInAsync();
        await OpenTabAsync("Analytics");
        await Page.GetByLabel("Game").FillAsync(Game);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        var figures = Page.Locator("#analytics-figures");
        await Expect(figures.Locator("dd[data-stat=total]")).ToHaveTextAsync("9");
        await Expect(figures.Locator("dd[data-stat=completionRate]")).ToHaveTextAsync("63 %");
        var today = Page.Locator("figure[data-chart=daily] rect");
        await Expect(today).ToHaveCountAsync(3);
        Assert.That(await today.EvaluateAllAsync<string[]>("bars => bars.map(b => b.classList[1] + ':' + b.dataset.count)"),
            Is.EqualTo(new[] { "completed:5", "abandoned:3", "active:1" }));
        await Expect(Page.Locator("figure[data-chart=completion] circle")).ToHaveCountAsync(1);
        await Expect(Page.Locator("figure[data-chart=durations] polyline")).ToHaveCountAsync(3);
        var levels = Page.Locator("figure[data-chart=dropoff-level] rect");
        Assert.That(await levels.EvaluateAllAsync<string[]>("bars => bars.map(b => b.dataset.value + ':' + b.dataset.count)"),
            Is.EqualTo(new[] { "1:2", "3:1" }));
        await Expect(Page.Locator("figure[data-chart=dropoff-minute] rect")).ToHaveCountAsync(1);
        await ScreenshotAsync("admin-analytics");
    }
}
