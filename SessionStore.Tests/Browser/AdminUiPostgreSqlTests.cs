using Microsoft.Playwright;
using SessionStore.ServiceInterface.Storage;
using SessionStore.Tests.Support;

namespace SessionStore.Tests.Browser;

/// <summary>
/// The admin UI of a service whose data is in PostgreSQL: the dashboard shows the server instead of files, and the
/// SQLite-only features (backups, recovery) say where to turn instead.
/// </summary>
public sealed class AdminUiPostgreSqlTests() : BrowserFixture(StorageProvider.PostgreSql)
{
    protected override Task OnStartedAsync() => Workload.PlayAsync(Service.Client, 10);

    [Test]
    public async Task The_dashboard_shows_the_provider_the_server_version_and_the_database_size()
    {
        var report = await Admin.GetStorageAsync(new GetStorage());

        await SignInAsync();

        var panel = Page.Locator("#storage-health");
        await Expect(panel.Locator("[data-stat=provider]")).ToHaveTextAsync("PostgreSQL");
        await Expect(panel.Locator("[data-stat=databasePath]")).ToHaveTextAsync(report.DatabasePath);
        await Expect(panel.Locator("[data-stat=serverVersion]")).ToHaveTextAsync(report.ServerVersion!);
        await Expect(panel.Locator("[data-stat=sizeBytes]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+(\.\d)? (KiB|MiB|GiB)$"));
        await Expect(panel.Locator("#sqlite-only")).ToContainTextAsync("pg_dump");
        await Expect(panel.Locator("[data-stat=walSizeBytes]")).ToHaveCountAsync(0);
        await Expect(panel.Locator("[data-stat=lastBackup]")).ToHaveCountAsync(0);
        await ScreenshotAsync("admin-dashboard-live-storage");
    }

    [Test]
    public async Task The_backups_tab_says_backups_belong_to_SQLite_mode_and_names_PostgreSQLs_tools()
    {
        await SignInAsync();
        await OpenTabAsync("Backups");

        await Expect(Page.Locator("#backup-list")).ToContainTextAsync("Backups, quarantine and recovery belong to SQLite mode");
        await Expect(Page.Locator("#backup-list")).ToContainTextAsync("pg_dump");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Back up now" })).ToBeHiddenAsync();
    }
}
