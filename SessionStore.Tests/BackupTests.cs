using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;
using SessionStore.ServiceInterface.Storage.Backups;
using SessionStore.ServiceInterface.Storage.Recovery;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>Online backups: on demand and on a schedule, verified, rotated, downloadable, and never in the writer's way.</summary>
public sealed class BackupTests
{
    private const string AdminKey = "backup-tests-admin-key-0123456789abcdef";

    [Test]
    public async Task A_backup_on_demand_is_verified_listed_and_holds_every_session()
    {
        using var directory = new TemporaryDirectory();
        await using var service = Start(directory.Path);
        var client = service.Client(AdminKey);
        await Workload.PlayAsync(client, sessions: 12);

        var backup = await client.CreateBackupAsync(new CreateBackup());
        var listed = await client.ListBackupsAsync(new ListBackups());

        Assert.That(backup.Verified, "the backup passed integrity_check before it was kept");
        Assert.That(backup.Name, Does.Match(@"^sessionstore-\d{8}T\d{6}\.\d{3}Z\.db$"));
        Assert.That(listed, Is.EqualTo(new[] { backup }));
        Assert.That(SessionIdsIn(directory.Combine("backups", backup.Name)), Has.Count.EqualTo(12));
        Assert.That((await client.GetStorageAsync(new GetStorage())).LastBackup, Is.EqualTo(backup));
    }

    [Test]
    public async Task A_backup_downloads_as_the_file_it_is()
    {
        using var directory = new TemporaryDirectory();
        await using var service = Start(directory.Path);
        var client = service.Client(AdminKey);
        await Workload.PlayAsync(client, sessions: 3);
        var backup = await client.CreateBackupAsync(new CreateBackup());

        using var download = new MemoryStream();
        await client.DownloadBackupAsync(new GetBackup { Name = backup.Name }, download);

        Assert.That(download.ToArray(), Is.EqualTo(await File.ReadAllBytesAsync(directory.Combine("backups", backup.Name))));
    }

    [TestCase("sessionstore.db", HttpStatusCode.NotFound, TestName = "The live database is not a backup")]
    [TestCase("..%2Fsessionstore.db", HttpStatusCode.BadRequest, TestName = "A name with an encoded slash is refused")]
    [TestCase("%2E%2E", HttpStatusCode.NotFound, TestName = "An encoded parent directory reaches no file")]
    [TestCase(".hidden.db", HttpStatusCode.BadRequest, TestName = "A name starting with a dot is refused")]
    [TestCase("sessionstore-20000101T000000.000Z.db", HttpStatusCode.NotFound, TestName = "A backup that does not exist is 404")]
    public async Task A_backup_name_that_is_not_a_listed_backup_downloads_nothing(string name, HttpStatusCode expected)
    {
        using var directory = new TemporaryDirectory();
        await using var service = Start(directory.Path);
        await service.Client(AdminKey).CreateBackupAsync(new CreateBackup());
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/admin/backups/{name}");
        request.Headers.Add("X-Admin-Key", AdminKey);

        using var response = await service.CreateClient().SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(expected));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Backups_are_taken_on_schedule_and_only_the_newest_Keep_of_them_are_kept()
    {
        using var directory = new TemporaryDirectory();
        Directory.CreateDirectory(directory.Combine("backups"));
        await File.WriteAllTextAsync(directory.Combine("backups", "before-upgrade.db"), "an operator's own copy");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        await using var service = Start(directory.Path, clock, ("Backup:Interval", "01:00:00"), ("Backup:Keep", "2"));
        var client = service.Client(AdminKey);

        var names = new List<string>();
        for (var hour = 1; hour <= 3; hour++)
        {
            await client.CreateSessionAsync(new CreateSession { PlayerName = $"hour{hour}" });
            clock.Advance(TimeSpan.FromHours(1));
            var expected = $"sessionstore-20260101T{12 + hour}0000.000Z.db";
            names.Add(expected);
            // The rotation runs after the new backup is in place, so the oldest goes a moment after the newest appears.
            await Eventually.Until(() => client.ListBackupsAsync(new ListBackups()),
                backups => backups.Any(b => b.Name == expected) && backups.Count(b => b.Verified) <= 2);
        }
        var kept = await client.ListBackupsAsync(new ListBackups());

        Assert.That(kept.Where(b => b.Verified).Select(b => b.Name), Is.EqualTo(new[] { names[2], names[1] }), "the newest two, newest first");
        Assert.That(kept.Single(b => !b.Verified), Has.Property(nameof(BackupInfo.Name)).EqualTo("before-upgrade.db").And.Property(nameof(BackupInfo.Foreign)).True,
            "a file the operator put there is listed as foreign and never deleted");
        Assert.That(SessionIdsIn(directory.Combine("backups", names[2])), Has.Count.EqualTo(3));
    }

    [Test]
    public async Task A_backup_has_a_manifest_with_its_checksum_row_counts_and_schema_version_and_a_crash_s_leftovers_are_cleared()
    {
        using var directory = new TemporaryDirectory();
        Directory.CreateDirectory(directory.Combine("backups"));
        await File.WriteAllTextAsync(directory.Combine("backups", "sessionstore-20250101T000000.000Z.db.partial"), "cut short by a crash");
        await File.WriteAllTextAsync(directory.Combine("backups", "sessionstore-20250101T000000.000Z.db.manifest.json"), "{}");
        await using var service = Start(directory.Path);
        var client = service.Client(AdminKey);
        await Workload.PlayAsync(client, sessions: 7);

        var backup = await client.CreateBackupAsync(new CreateBackup());
        var path = directory.Combine("backups", backup.Name);
        var manifest = BackupManifest.ReadBeside(path)!;

        Assert.That(manifest.Sha256, Is.EqualTo(BackupManifest.FileSha256(path)));
        Assert.That(manifest.SizeBytes, Is.EqualTo(backup.SizeBytes));
        Assert.That(manifest.SchemaVersion, Is.EqualTo((await client.GetStorageAsync(new GetStorage())).SchemaVersion));
        Assert.That(manifest.RowCounts["sessions"], Is.EqualTo(7));
        Assert.That(manifest.CreatedAt, Is.EqualTo(backup.CreatedAt));
        Assert.That(Directory.GetFiles(directory.Combine("backups")).Select(Path.GetFileName),
            Is.EquivalentTo(new[] { backup.Name, backup.Name + ".manifest.json" }), "the leftovers of an interrupted backup are gone");
    }

    [Test]
    public async Task A_file_dropped_into_backups_under_the_service_s_own_name_is_foreign_unverified_and_never_rotated()
    {
        using var directory = new TemporaryDirectory();
        Directory.CreateDirectory(directory.Combine("backups"));
        const string lookalike = "sessionstore-20200101T000000.000Z.db";
        await File.WriteAllTextAsync(directory.Combine("backups", lookalike), "not a backup the service took");
        await using var service = Start(directory.Path, null, ("Backup:Keep", "1"));
        var client = service.Client(AdminKey);

        await client.CreateBackupAsync(new CreateBackup());
        await client.CreateBackupAsync(new CreateBackup());
        var listed = await client.ListBackupsAsync(new ListBackups());

        Assert.That(listed, Has.Count.EqualTo(2), "the newest own backup and the foreign file");
        Assert.That(listed.Single(b => b.Name == lookalike), Has.Property(nameof(BackupInfo.Verified)).False.And.Property(nameof(BackupInfo.Foreign)).True);
        Assert.That(File.Exists(directory.Combine("backups", lookalike)));
    }

    [Test]
    public async Task A_backup_dated_far_in_the_future_stops_neither_the_host_nor_the_schedule()
    {
        using var directory = new TemporaryDirectory();
        Directory.CreateDirectory(directory.Combine("backups"));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        // One foreign file named a century ahead, and one of the service's own whose manifest a wrong clock dated years ahead.
        await File.WriteAllTextAsync(directory.Combine("backups", "sessionstore-21260101T000000.000Z.db"), "named in the future");
        await using (var first = Start(directory.Path, new FakeTimeProvider(new DateTimeOffset(2031, 6, 1, 0, 0, 0, TimeSpan.Zero))))
            await first.Client(AdminKey).CreateBackupAsync(new CreateBackup());

        await using var service = Start(directory.Path, clock, ("Backup:Interval", "01:00:00"));
        var client = service.Client(AdminKey);
        Assert.That((await Readiness.ReadAsync(service.CreateClient())).Status, Is.EqualTo(HealthStatus.Healthy), "the host started");
        clock.Advance(TimeSpan.FromHours(1));
        var scheduled = await Eventually.Until(() => client.ListBackupsAsync(new ListBackups()), backups => backups.Any(b => b.Name == "sessionstore-20260101T130000.000Z.db"));

        Assert.That(scheduled, Has.Count.EqualTo(3), "the scheduled backup came one interval after startup");
    }

    [Test]
    public async Task Rotation_keeps_the_newest_backup_taken_before_damage_that_is_not_repaired()
    {
        using var directory = new TemporaryDirectory();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 2, 1, 12, 0, 0, TimeSpan.Zero));
        await using var service = Start(directory.Path, clock, ("Backup:Keep", "1"), ("Backup:Interval", "30.00:00:00"), ("Storage:RecoverOnline", "false"));
        var client = service.Client(AdminKey);
        var beforeDamage = (await client.CreateBackupAsync(new CreateBackup())).Name;
        clock.Advance(TimeSpan.FromSeconds(1));
        // As a read that met a damaged page reports it; with online recovery off, it stays pending.
        service.Services.GetRequiredService<LiveDamage>().Report("a page a read needed is damaged");

        var afterDamage = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            afterDamage.Add((await client.CreateBackupAsync(new CreateBackup())).Name);
        }
        var kept = (await client.ListBackupsAsync(new ListBackups())).Select(b => b.Name);

        Assert.That(kept, Is.EqualTo(new[] { afterDamage[1], beforeDamage }), "Keep is 1, and the copy from before the damage stays besides");
    }

    [Test]
    public async Task A_backup_completes_while_a_write_transaction_is_open_and_holds_the_state_before_it()
    {
        using var directory = new TemporaryDirectory();
        await using var service = Start(directory.Path);
        var client = service.Client(AdminKey);
        await Workload.PlayAsync(client, sessions: 5);
        var writer = service.Services.GetRequiredService<StorageWriter>();
        var writes = service.Services.GetRequiredService<SessionWrites>();
        using var release = new ManualResetEventSlim();
        using var writing = new ManualResetEventSlim();

        // This write holds the writer, inside its open transaction, until the backup is done.
        var held = writer.WriteAsync(db =>
        {
            var session = writes.Create(db, new CreateSession { PlayerName = "held" }, new byte[32], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            writing.Set();
            release.Wait(TimeSpan.FromMinutes(1));
            return session.Id;
        });
        writing.Wait(TimeSpan.FromMinutes(1));
        var backup = await client.CreateBackupAsync(new CreateBackup()).WaitAsync(TimeSpan.FromMinutes(1));
        release.Set();
        var heldId = await held;

        Assert.That(backup.Verified);
        Assert.That(SessionIdsIn(directory.Combine("backups", backup.Name)), Has.Count.EqualTo(5).And.Not.Contains(heldId),
            "a consistent snapshot: what had committed when the backup began, nothing of the open transaction");
        Assert.That((await client.GetStatsAsync(new GetStats())).Sessions.Total, Is.EqualTo(6), "the held write committed after the backup");
    }

    private static InProcessService Start(string dataDirectory, TimeProvider? clock = null, params (string Key, string Value)[] settings)
    {
        var configuration = new Dictionary<string, string?> { ["Admin:ApiKey"] = AdminKey };
        foreach (var (key, value) in settings) configuration[key] = value;
        return new InProcessService(dataDirectory, configuration, clock is null ? null : s => s.AddSingleton(clock));
    }

    private static List<string> SessionIdsIn(string backupFile)
    {
        using var connection = new SqliteConnection($"Data Source={backupFile};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM sessions";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }
}
