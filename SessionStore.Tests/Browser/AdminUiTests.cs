using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SessionStore.ServiceInterface.Storage;
using SessionStore.Tests.Support;

namespace SessionStore.Tests.Browser;

/// <summary>The admin UI at /admin-ui, as an operator uses it: sign in, read the dashboard, browse and export the database, on either provider.</summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.PostgreSql)]
public sealed class AdminUiTests(StorageProvider provider) : BrowserFixture(provider)
{
    private const int Sessions = 121;

    protected override async Task OnStartedAsync()
    {
        await Workload.PlayAsync(Service.Client, Sessions - 1);
        var markup = await Service.Client.CreateSessionAsync(new CreateSession
        {
            PlayerName = MarkupName,
            Metadata = new JsonObject { ["bio"] = "<script>alert(2)</script>", ["level"] = 3 },
        });
        await Service.Client.CompleteSessionAsync(new CompleteSession { Id = markup.Session.Id, Score = 99_999 }, markup.Token);
    }

    private ILocator Rows => Page.Locator("#rows tbody tr");
    private ILocator PageInfo => Page.Locator("#page-info");

    [Test]
    public async Task A_wrong_key_is_refused_and_the_right_one_opens_the_dashboard_for_the_rest_of_the_session()
    {
        await Page.GotoAsync("/admin-ui/");
        await Page.GetByLabel("Admin key").FillAsync("not-the-key");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.Locator("#login-error")).ToHaveTextAsync("That is not the admin key.");

        await SignInAsync();
        await Page.ReloadAsync();

        await Expect(Page.Locator("section#dashboard")).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(Page.GetByLabel("Admin key")).ToBeVisibleAsync();
    }

    [Test]
    public async Task The_dashboard_shows_the_numbers_of_the_stats_endpoint()
    {
        await SignInAsync();
        var stats = (await Service.Client.GetStatsAsync(new GetStats())).Sessions;

        var card = Page.Locator("#session-stats");
        await Expect(card.Locator("[data-stat=total]")).ToHaveTextAsync(Count(stats.Total));
        await Expect(card.Locator("[data-stat=active]")).ToHaveTextAsync(Count(stats.Active));
        await Expect(card.Locator("[data-stat=completed]")).ToHaveTextAsync(Count(stats.Completed));
        await Expect(card.Locator("[data-stat=abandoned]")).ToHaveTextAsync(Count(stats.Abandoned));
        await Expect(card.Locator("[data-stat=startedLast24Hours]")).ToHaveTextAsync(Count(stats.StartedLast24Hours));
        await Expect(Page.Locator("#system-stats [data-stat=version]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d+\.\d+"));
        await Expect(Page.Locator("#storage-health")).Not.ToContainTextAsync("Loading");
        await ScreenshotAsync("admin-dashboard");
    }

    [Test]
    public async Task The_database_tab_lists_every_table_with_its_row_count_and_columns()
    {
        await SignInAsync();
        await OpenTabAsync("Database");
        var tables = (await Admin.ListTablesAsync(new ListTables())).Tables;

        foreach (var table in tables)
            await Expect(Page.Locator($"#table-list a[data-table='{table.Name}']")).ToHaveTextAsync(table.Name + Count(table.RowCount));
        await Page.Locator("#table-schema summary").ClickAsync();
        var playerName = Page.Locator("#table-schema tbody tr", new() { HasText = "player_name" });
        // Each database's own name for the type the migration asked for.
        await Expect(playerName).ToContainTextAsync(Provider == StorageProvider.Sqlite ? "TEXT" : "character varying(32)");
        await Expect(playerName).ToContainTextAsync("nullable");
        await Expect(Page.Locator("#table-schema .indexes")).ToContainTextAsync("ix_sessions_game_started_at on (game, started_at)");
    }

    [Test]
    public async Task The_sessions_grid_sorts_filters_and_pages_on_the_server()
    {
        await SignInAsync();
        await OpenTabAsync("Database");
        await Expect(PageInfo).ToHaveTextAsync($"Rows 1–50 of {Sessions}");

        await SortByAsync("score");
        await Expect(Page.Locator("#rows th[aria-sort=ascending]")).ToHaveTextAsync("score ▲");
        await Expect(ScoreOfFirstRow).ToHaveTextAsync("NULL");
        await SortByAsync("score");
        await Expect(ScoreOfFirstRow).ToHaveTextAsync("99999");

        await FilterAsync("game", "=", "puzzle");
        await Expect(PageInfo).ToHaveTextAsync("Rows 1–50 of 60 matching");
        await Expect(Rows).ToHaveCountAsync(50);
        Assert.That(await Page.Locator("#rows tbody td:nth-child(4)").AllTextContentsAsync(), Has.All.EqualTo("puzzle"));
        var bestPuzzle = await Admin.QueryTableRowsAsync(new QueryTableRows("sessions", "score", Desc: true, Filter: ["game:eq:puzzle"], Take: 1));
        await Expect(ScoreOfFirstRow).ToHaveTextAsync(bestPuzzle.Rows[0]["score"]!.ToString());
        await Page.Locator(".grid-scroll").EvaluateAsync("grid => { grid.scrollLeft = 0; window.scrollTo(0, 0); }");
        await ScreenshotAsync("admin-database", fullPage: false);

        await Page.Locator("#next-page").ClickAsync();
        await Expect(PageInfo).ToHaveTextAsync("Rows 51–60 of 60 matching");
        await Expect(Rows).ToHaveCountAsync(10);
        await Expect(Page.Locator("#next-page")).ToBeDisabledAsync();
        await Page.Locator("#previous-page").ClickAsync();
        await Expect(PageInfo).ToHaveTextAsync("Rows 1–50 of 60 matching");
    }

    [Test]
    public async Task A_row_opens_as_formatted_JSON_with_its_metadata_unpacked()
    {
        await SignInAsync();
        await OpenTabAsync("Database");
        await FilterAsync("player_name", "=", MarkupName);
        await Expect(PageInfo).ToHaveTextAsync("Rows 1–1 of 1 matching");

        await Rows.First.ClickAsync();

        var detail = Page.Locator("#row-detail");
        await Expect(detail).ToBeVisibleAsync();
        var shown = JsonNode.Parse(await detail.Locator("pre").TextContentAsync() ?? "")!;
        Assert.That((string?)shown["player_name"], Is.EqualTo(MarkupName));
        Assert.That(shown["metadata"]!["bio"]!.GetValue<string>(), Is.EqualTo("<script>alert(2)</script>"));
        Assert.That(shown["score"]!.GetValue<long>(), Is.EqualTo(99_999));
        Assert.That(await detail.Locator("pre").InnerTextAsync(), Does.Contain("\n  \"id\": "), "indented");
        await ScreenshotAsync("admin-row");
        await detail.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(detail).ToBeHiddenAsync();
    }

    [Test]
    public async Task Exporting_CSV_downloads_exactly_the_filtered_sorted_view()
    {
        await SignInAsync();
        await OpenTabAsync("Database");
        await FilterAsync("game", "=", "puzzle");
        await SortByAsync("started_at");
        await Expect(PageInfo).ToHaveTextAsync("Rows 1–50 of 60 matching");

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.Locator("#export-csv").ClickAsync());
        var csv = Csv.Parse(await File.ReadAllTextAsync(await download.PathAsync(), Encoding.UTF8));
        var expected = await Admin.QueryTableRowsAsync(new QueryTableRows("sessions", "started_at", Filter: ["game:eq:puzzle"], Take: 500));

        Assert.That(download.SuggestedFilename, Is.EqualTo("sessions.csv"));
        Assert.That(csv[0], Is.EqualTo(expected.Columns));
        Assert.That(csv.Skip(1).Select(row => row[0]), Is.EqualTo(expected.Rows.Select(row => (string)row["id"]!)));
        Assert.That(csv.Skip(1).Select(row => row[3]), Has.All.EqualTo("puzzle"));
        Assert.That(csv, Has.Count.EqualTo(61));
    }

    [Test]
    public async Task A_player_name_with_markup_is_shown_as_the_text_it_is()
    {
        await SignInAsync();
        await OpenTabAsync("Database");
        await FilterAsync("player_name", "contains", "onerror");

        await Expect(PageInfo).ToHaveTextAsync("Rows 1–1 of 1 matching");
        await Expect(Page.Locator("#rows tbody td:nth-child(3)")).ToHaveTextAsync(MarkupName);
        await Expect(Page.Locator("main img")).ToHaveCountAsync(0);

        await Page.GotoAsync("/");
        await Expect(Page.Locator("#scores tbody tr").First.Locator("td.player")).ToHaveTextAsync(MarkupName);
        await Expect(Page.Locator("main img")).ToHaveCountAsync(0);
    }

    [Test]
    public async Task Without_the_storage_endpoints_the_dashboard_and_backups_say_they_are_not_available()
    {
        await AnswerAsync("/api/admin/storage", 404);
        await AnswerAsync("/api/admin/backups", 404);
        await SignInAsync();

        await Expect(Page.Locator("#storage-health")).ToContainTextAsync("Storage health is not available");
        await OpenTabAsync("Backups");
        await Expect(Page.Locator("#backup-list")).ToContainTextAsync("Backups are not available");
    }

    [Test]
    public async Task The_storage_panel_shows_the_storage_report_and_acknowledges_recovery_events()
    {
        var recovery = new RecoveryEvent("r1", new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), "The database file failed its integrity check.",
            "/data/quarantine/2026-01-02", RecoveryPath.BackupAndSalvage, "sessionstore-20260101.db", RowsRestored: 1200, RowsSalvaged: 7, Acknowledged: false);
        var report = new StorageReport("/data/sessionstore.db", 5 * 1024 * 1024, 64 * 1024, 3, "wal", "FULL",
            new BackupInfo("sessionstore-20260101.db", 4 * 1024 * 1024, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), Verified: true, Foreign: false, BackupLocation.Both, ProvenRestorableAt: null), [recovery],
            StorageProvider.Sqlite, ServerVersion: null);
        var acknowledged = false;
        await Page.RouteAsync("**/api/admin/storage", route => route.FulfillAsync(new()
        {
            ContentType = "application/json",
            Body = System.Text.Json.JsonSerializer.Serialize(acknowledged ? report with { RecoveryEvents = [recovery with { Acknowledged = true }] } : report, Json),
        }));
        await Page.RouteAsync("**/api/admin/recovery/acknowledge", route =>
        {
            acknowledged = route.Request.Method == "POST" && route.Request.Headers.GetValueOrDefault("x-admin-key") == AdminKey;
            return route.FulfillAsync(new() { Status = 204 });
        });
        await SignInAsync();

        var panel = Page.Locator("#storage-health");
        await Expect(panel.Locator("[data-stat=sizeBytes]")).ToHaveTextAsync("5.0 MiB");
        await Expect(panel.Locator("[data-stat=walSizeBytes]")).ToHaveTextAsync("64 KiB");
        await Expect(panel.Locator("[data-stat=schemaVersion]")).ToHaveTextAsync("3");
        await Expect(panel.Locator("[data-stat=lastBackup]")).ToHaveTextAsync("sessionstore-20260101.db, 2026-01-01 00:00:00 UTC, 4.0 MiB, verified");
        await Expect(panel.Locator("#recovery-events tbody tr")).ToContainTextAsync("The database file failed its integrity check.");
        await ScreenshotAsync("admin-dashboard-storage");

        await panel.GetByRole(AriaRole.Button, new() { Name = "Acknowledge 1 recovery event" }).ClickAsync();

        await Expect(panel.GetByRole(AriaRole.Button, new() { Name = "All acknowledged" })).ToBeDisabledAsync();
        Assert.That(acknowledged, Is.True, "the UI posted the acknowledgement with the admin key");
    }

    [Test]
    public async Task The_backups_tab_lists_takes_and_downloads_backups()
    {
        var backups = new List<BackupInfo> { new("sessionstore-20260101-000000.db", 3 * 1024 * 1024, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), true, false, BackupLocation.Both, null) };
        byte[] file = [.. "SQLite format 3\0"u8, 1, 2, 3];
        await Page.RouteAsync("**/api/admin/backups", async route =>
        {
            if (route.Request.Method == "POST")
            {
                var taken = new BackupInfo("sessionstore-20260102-000000.db", 3 * 1024 * 1024 + 10, new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc), true, false, BackupLocation.Local, null);
                backups.Insert(0, taken);
                await route.FulfillAsync(new() { Status = 201, ContentType = "application/json", Body = System.Text.Json.JsonSerializer.Serialize(taken, Json) });
            }
            else await route.FulfillAsync(new() { ContentType = "application/json", Body = System.Text.Json.JsonSerializer.Serialize(backups, Json) });
        });
        await Page.RouteAsync("**/api/admin/backups/*", route => route.FulfillAsync(new()
        {
            ContentType = "application/octet-stream",
            BodyBytes = file,
            Headers = new Dictionary<string, string> { ["Content-Disposition"] = "attachment; filename=sessionstore-20260101-000000.db" },
        }));
        await SignInAsync();
        await OpenTabAsync("Backups");
        await Expect(Page.Locator("#backup-list tbody tr")).ToHaveCountAsync(1);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Back up now" }).ClickAsync();

        await Expect(Page.Locator("#backup-list tbody tr")).ToHaveCountAsync(2);
        await Expect(Page.Locator("#backup-list tbody tr").First).ToContainTextAsync("sessionstore-20260102-000000.db");
        await Expect(Page.Locator("#backup-list tr[data-backup='sessionstore-20260101-000000.db'] [data-field=location]")).ToHaveTextAsync("this host and off it");
        await ScreenshotAsync("admin-backups");
        var download = await Page.RunAndWaitForDownloadAsync(() =>
            Page.Locator("#backup-list tr[data-backup='sessionstore-20260101-000000.db']").GetByRole(AriaRole.Button, new() { Name = "Download" }).ClickAsync());
        Assert.That(await File.ReadAllBytesAsync(await download.PathAsync()), Is.EqualTo(file));
        Assert.That(download.SuggestedFilename, Is.EqualTo("sessionstore-20260101-000000.db"));
    }

    private ILocator ScoreOfFirstRow => Rows.First.Locator("td:nth-child(6)");

    private Task SortByAsync(string column) => Page.Locator($"#rows button.sort[data-column='{column}']").ClickAsync();

    private async Task FilterAsync(string column, string op, string value)
    {
        await Page.Locator($"select[data-filter-op='{column}']").SelectOptionAsync(new SelectOptionValue { Label = op });
        await Page.Locator($"input[data-filter-value='{column}']").FillAsync(value);
        await Page.Locator($"input[data-filter-value='{column}']").PressAsync("Enter");
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
