using Microsoft.Playwright;
using SessionStore.Tests.Support;
using SessionStore.TestSupport;

namespace SessionStore.Tests.Browser;

/// <summary>The Backups tab of a service that copies its backups to an S3-protocol store (s3rver on loopback).</summary>
public sealed class AdminUiOffHostBackupTests : BrowserFixture
{
    private S3Server? s3;

    protected override async Task BeforeStartAsync() => s3 = await S3TestServer.StartAsync();

    protected override IReadOnlyDictionary<string, string> ServiceSettings => s3!.Environment();

    protected override Task OnStartedAsync() => Workload.PlayAsync(Service.Client, 12);

    [OneTimeTearDown]
    public async Task StopTheStore()
    {
        if (s3 is not null) await s3.DisposeAsync();
    }

    [Test]
    public async Task The_backups_tab_shows_where_each_backup_is_kept_and_drills_both_copies()
    {
        var backup = await Admin.CreateBackupAsync(new CreateBackup());
        await Eventually.Until(() => Admin.ListBackupsAsync(new ListBackups()), backups => backups.Any(b => b.Name == backup.Name && b.Location == BackupLocation.Both));
        await SignInAsync();
        await OpenTabAsync("Backups");
        var row = Page.Locator($"#backup-list tr[data-backup='{backup.Name}']");
        await Expect(row.Locator("[data-field=location]")).ToHaveTextAsync("this host and off it");
        await Expect(Page.Locator("#backup-health [data-stat=offHostTarget]")).ToContainTextAsync($"s3://{s3!.Bucket}/production/");
        await Expect(Page.Locator("#backup-health [data-stat=uploads]")).ToContainTextAsync("working, last upload");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Run drill now" }).ClickAsync();

        await Expect(Page.Locator("#backup-status")).ToContainTextAsync("Drill passed: 2 restored and checked.");
        await Expect(Page.Locator("#drill-list tr[data-drill=remote] [data-field=result]").First).ToHaveTextAsync("passed");
        await Expect(Page.Locator("#drill-list tr[data-drill=local] [data-field=result]").First).ToHaveTextAsync("passed");
        await Expect(row.Locator("[data-field=proven]")).Not.ToHaveTextAsync("not yet");
        await ScreenshotAsync("admin-backups-off-host");
    }
}
