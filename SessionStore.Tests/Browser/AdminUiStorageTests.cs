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
        await Expect(newest.Locator("[data-field=verified]")).ToHaveTextAsync("yes");
        await Expect(newest.Locator("[data-field=location]")).ToHaveTextAsync("this host");
        await ScreenshotAsync("admin-backups-live");
        var download = await Page.RunAndWaitForDownloadAsync(() => newest.GetByRole(AriaRole.Button, new() { Name = "Download" }).ClickAsync());
        var header = new byte[16];
        await using (var file = File.OpenRead(await download.PathAsync()))
            await file.ReadExactlyAsync(header);
        Assert.That(header, Is.EqualTo("SQLite format 3\0"u8.ToArray()), "the download is a SQLite database file");
    }

    [Test]
    public async Task Running_a_drill_from_the_backups_tab_shows_it_passed_and_the_backup_proven_restorable()
    {
        var backup = await Admin.CreateBackupAsync(new CreateBackup());
        await SignInAsync();
        await OpenTabAsync("Backups");
        await Expect(Page.Locator($"#backup-list tr[data-backup='{backup.Name}'] [data-field=proven]")).ToHaveTextAsync("not yet");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Run drill now" }).ClickAsync();

        await Expect(Page.Locator("#backup-status")).ToContainTextAsync("Drill passed: 1 restored and checked.");
        await Expect(Page.Locator("#drill-list tbody tr").First.Locator("[data-field=result]")).ToHaveTextAsync("passed");
        await Expect(Page.Locator($"#backup-list tr[data-backup='{backup.Name}'] [data-field=proven]")).Not.ToHaveTextAsync("not yet");
        await Expect(Page.Locator("#backup-health [data-stat=provenRestorable]")).ToContainTextAsync("ago");
    }
}
