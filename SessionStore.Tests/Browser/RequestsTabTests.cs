using Microsoft.Playwright;
using SessionStore.Tests.Support;

namespace SessionStore.Tests.Browser;

/// <summary>The admin UI's Requests tab: the per-minute chart and the request log, filtered on the server.</summary>
public sealed class RequestsTabTests : BrowserFixture
{
    private const int Sessions = 12;
    private const int UnknownSessionReads = 3;

    protected override async Task OnStartedAsync()
    {
        await Workload.PlayAsync(Service.Client, Sessions);
        for (var i = 0; i < UnknownSessionReads; i++)
        {
            try { await Service.Client.GetSessionAsync(new GetSession { Id = Guid.NewGuid() }); }
            catch (SessionStoreApiException) { /* a 404, which is the point */ }
        }
        await Eventually.Until(() => Admin.QueryRequestLogAsync(new QueryRequestLog(Status: StatusClass.ClientError)), page => page.Total == UnknownSessionReads);
    }

    [Test]
    public async Task The_chart_counts_the_last_24_hours_and_the_log_filters_by_status_and_route()
    {
        await SignInAsync();
        await OpenTabAsync("Requests");

        var summary = Page.Locator("#request-summary");
        await Expect(summary.Locator("[data-stat=requests]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d"));
        var shown = long.Parse(await summary.Locator("[data-stat=requests]").TextContentAsync() ?? "", System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(shown, Is.GreaterThanOrEqualTo(2 * Sessions + UnknownSessionReads), "every session's start and its one other write, and the 404s");
        var chart = Page.Locator("#request-chart svg");
        await Expect(chart).ToBeVisibleAsync();
        await Expect(chart.Locator("path.bars.requests")).ToHaveAttributeAsync("d", new System.Text.RegularExpressions.Regex("^M"));
        await Expect(chart.Locator("path.bars.client-errors")).ToHaveAttributeAsync("d", new System.Text.RegularExpressions.Regex("^M"));
        await ScreenshotAsync("admin-requests");

        await Page.GetByLabel("Status").SelectOptionAsync("4xx");
        await Page.GetByLabel("Route").SelectOptionAsync("/api/sessions/{id:guid}");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        var rows = Page.Locator("#request-log tbody tr");
        await Expect(Page.Locator("#request-page-info")).ToHaveTextAsync($"Requests 1–{UnknownSessionReads} of {UnknownSessionReads}");
        Assert.That(await rows.Locator("td:nth-child(4)").AllTextContentsAsync(), Has.All.EqualTo("404"));
        Assert.That(await rows.Locator("td:nth-child(3)").AllTextContentsAsync(), Has.All.EqualTo("/api/sessions/{id:guid}"));
        await Expect(summary.Locator("[data-stat=clientErrors]")).ToHaveTextAsync(UnknownSessionReads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(summary).ToContainTextAsync("for /api/sessions/{id:guid}");

        await Page.GetByLabel("Status").SelectOptionAsync("");
        await Page.GetByLabel("Route").SelectOptionAsync("/api/sessions/");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(Page.Locator("#request-page-info")).ToHaveTextAsync($"Requests 1–{Sessions} of {Sessions}");
        Assert.That(await rows.Locator("td:nth-child(3)").AllTextContentsAsync(), Has.All.EqualTo("/api/sessions/"));
        Assert.That(await rows.Locator("td:nth-child(4)").AllTextContentsAsync(), Has.All.EqualTo("201"));
        await Expect(summary.Locator("[data-stat=requests]")).ToHaveTextAsync(Sessions.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public async Task A_time_range_before_any_request_shows_that_none_match()
    {
        await SignInAsync();
        await OpenTabAsync("Requests");

        await Page.GetByLabel("From (UTC)").FillAsync("2020-01-01T00:00");
        await Page.GetByLabel("To (UTC)").FillAsync("2020-01-02T00:00");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

        await Expect(Page.Locator("#request-log tbody")).ToHaveTextAsync("No requests match.");
        await Expect(Page.Locator("#request-page-info")).ToHaveTextAsync("Requests 0–0 of 0");
    }
}
