using Microsoft.Playwright;
using SessionStore.Tests.Support;

namespace SessionStore.Tests.Browser;

/// <summary>
/// The storage-health panel and the Backups tab against the server's real storage endpoints
/// (GET /api/admin/storage, GET/POST /api/admin/backups, GET /api/admin/backups/{name}).
/// </summary>
public sealed class AdminUiStorageTests : BrowserFixture
{
    protected override Task OnStartedAsync() => Workload.PlayAsync(Service.Client, 20);

    [Test]
    public async Task The_storage_panel_shows_the_servers_storage_report()
    {
        var report = await Admin.GetStorageAsync(new GetStorage());

        await SignInAsync();

        var panel = Page.Locator("#storage-health");
        await Expect(panel.Locator("[data-stat=databasePath]")).ToHaveTextAsync(report.DatabasePath);
        await Expect(panel.Locator("[data-stat=schemaVersion]")).ToHaveTextAsync(report.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(panel.Locator("[data-stat=journalMode]")).ToHaveTextAsync(report.JournalMode!);
        await Expect(panel.Locator("#recovery-events")).ToContainTextAsync("No recovery events");
        await ScreenshotAsync("admin-dashboard-live-storage");
    }

    [Test]
    public async Task Backing_up_from_the_backups_tab_lists_a_verified_backup_that_downloads_as_a_database()
    {
        await SignInAsync();
        await OpenTabAsync("Backups");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Back up now" }).ClickAsync();

        await Expect(Page.Locator("#backup-status")).ToContainTextAsync("Backup taken and verified.");
        var newest = Page.Locator("#backup-list tbody tr").First;
        await Expect(newest.Locator("td:nth-child(4)")).ToHaveTextAsync("yes");
        await ScreenshotAsync("admin-backups-live");
        var download = await Page.RunAndWaitForDownloadAsync(() => newest.GetByRole(AriaRole.Button, new() { Name = "Download" }).ClickAsync());
        var header = new byte[16];
        await using (var file = File.OpenRead(await download.PathAsync()))
            await file.ReadExactlyAsync(header);
        Assert.That(header, Is.EqualTo("SQLite format 3\0"u8.ToArray()), "the download is a SQLite database file");
    }
}
