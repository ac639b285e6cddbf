using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SessionStore.ServiceInterface.Storage.Backups;
using SessionStore.Tests.Support;
using SessionStore.TestSupport;

namespace SessionStore.Tests;

/// <summary>
/// Copies off the host, against a real S3-protocol server on loopback (s3rver): every verified backup reaches the store
/// whole, a failing store delays no write and shows where an operator looks, and a host that is lost comes back from it.
/// </summary>
[NonParallelizable]
public sealed class OffHostBackupTests
{
    private const string AdminKey = "off-host-tests-admin-key-0123456789abcdef";
    private S3Server s3 = null!;

    [SetUp]
    public async Task StartTheStore() => s3 = await S3TestServer.StartAsync();

    [TearDown]
    public async Task StopTheStore()
    {
        if (s3 is not null) await s3.DisposeAsync();
    }

    [Test]
    public async Task A_verified_backup_is_copied_off_the_host_and_listed_as_kept_in_both_places()
    {
        using var directory = new TemporaryDirectory();
        await using var service = Start(directory.Path, s3.Settings());
        var client = service.Client(AdminKey);
        await Workload.PlayAsync(client, sessions: 5);

        var backup = await client.CreateBackupAsync(new CreateBackup());
        var listed = await Eventually.Until(() => client.ListBackupsAsync(new ListBackups()), backups => backups.Single().Location == BackupLocation.Both);
        var report = await client.GetStorageAsync(new GetStorage());

        Assert.That(listed.Single().Name, Is.EqualTo(backup.Name));
        Assert.That(report.Backups!.OffHostTarget, Is.EqualTo($"s3://{s3.Bucket}/production/ at {s3.ServiceUrl.ToString().TrimEnd('/')}"));
        Assert.That(report.Backups.LastUploadAt, Is.Not.Null);
        Assert.That(report.Backups.ConsecutiveUploadFailures, Is.Zero);
        using var store = Store();
        var keys = (await store.ListObjectsV2Async(new ListObjectsV2Request { BucketName = s3.Bucket })).S3Objects.Select(o => o.Key);
        Assert.That(keys, Is.EquivalentTo(new[] { $"production/{backup.Name}", $"production/{backup.Name}.manifest.json" }));
    }

    [Test]
    public async Task A_backup_larger_than_a_part_goes_up_in_parts_and_comes_back_byte_for_byte()
    {
        using var directory = new TemporaryDirectory();
        var file = directory.Combine("large.db");
        var bytes = new byte[13 * 1024 * 1024 + 123];
        new Random(5).NextBytes(bytes);
        await File.WriteAllBytesAsync(file, bytes);
        var manifest = ManifestOf(file);
        using var target = new S3BackupTarget(Options(), multipartThreshold: 5 * 1024 * 1024, partSize: 5 * 1024 * 1024);

        await target.UploadAsync(file, manifest, CancellationToken.None);
        var listed = await target.ListAsync(CancellationToken.None);
        await target.CopyToAsync(listed.Single(), directory.Combine("back.db"), CancellationToken.None);

        Assert.That(listed.Single(), Is.EqualTo(manifest).Using<BackupManifest>(SameBackup));
        Assert.That(await File.ReadAllBytesAsync(directory.Combine("back.db")), Is.EqualTo(bytes), "three parts, put together as they were sent");
    }

    [Test]
    public async Task A_copy_in_the_store_whose_bytes_differ_from_its_manifest_is_refused_and_not_kept()
    {
        using var directory = new TemporaryDirectory();
        var file = directory.Combine("small.db");
        await File.WriteAllBytesAsync(file, [.. "SQLite format 3\0"u8, .. new byte[4000]]);
        var manifest = ManifestOf(file);
        using var target = new S3BackupTarget(Options());
        await target.UploadAsync(file, manifest, CancellationToken.None);
        using var store = Store();
        await store.PutObjectAsync(new PutObjectRequest { BucketName = s3.Bucket, Key = $"production/{manifest.Name}", ContentBody = "replaced behind the service's back", UseChunkEncoding = false });

        var refused = Assert.ThrowsAsync<BackupTargetException>(() => target.CopyToAsync(manifest, directory.Combine("back.db"), CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain("not what its manifest recorded").And.Contain(manifest.Sha256));
        Assert.That(File.Exists(directory.Combine("back.db")), Is.False);
    }

    [Test]
    public async Task Uploads_that_keep_failing_delay_no_write_show_on_the_storage_report_and_turn_readiness_Degraded_without_revealing_the_secret()
    {
        // s3rver does not check SigV4 signatures, only that the access key exists: a wrong key pair is what it refuses.
        const string WrongAccessKey = "AKIA-NOT-A-KEY-5e21d";
        const string WrongSecret = "not-the-secret-7f3a9c51";
        using var directory = new TemporaryDirectory();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new CapturedLogs();
        var settings = s3.Settings(secretKey: WrongSecret);
        settings["Backup:S3:AccessKey"] = WrongAccessKey;
        await using var service = Start(directory.Path, settings, services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton<ILoggerProvider>(logs);
        });
        var client = service.Client(AdminKey);
        await client.CreateBackupAsync(new CreateBackup());

        StorageReport report = null!;
        for (var failures = 1; failures <= OffHostCopies.FailuresBeforeDegraded; failures++)
        {
            var expected = failures;
            report = await Eventually.Until(() => client.GetStorageAsync(new GetStorage()), r => r.Backups!.ConsecutiveUploadFailures >= expected);
            Assert.That((await client.CreateSessionAsync(new CreateSession { PlayerName = $"writer{failures}" })).Session.Status, Is.EqualTo(SessionStatus.Active),
                "writes go on while the store refuses");
            clock.Advance(TimeSpan.FromHours(1));
        }
        var readiness = await Readiness.ReadAsync(service.CreateClient());
        using var rawReport = await service.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/admin/storage") { Headers = { { "X-Admin-Key", AdminKey } } });
        var reportJson = await rawReport.Content.ReadAsStringAsync();

        Assert.That(report.Backups!.LastUploadError, Does.Contain("403").And.Contain($"s3://{s3.Bucket}/production/"));
        Assert.That(report.Backups.LastUploadAt, Is.Null);
        Assert.That(readiness.Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(readiness.Description, Does.Contain("off-host store"));
        Assert.That(report.Concerns.Select(c => c.Kind), Does.Contain(StorageConcernKind.UploadsFailing));
        Assert.That(await client.ListBackupsAsync(new ListBackups()), Has.All.Property(nameof(BackupInfo.Location)).EqualTo(BackupLocation.Local));
        Assert.That(reportJson + logs.Text, Does.Not.Contain(WrongSecret).And.Not.Contain(WrongAccessKey), "the keys are in no answer and no log line");
    }

    [Test]
    public async Task The_store_keeps_only_the_newest_Keep_of_the_service_s_backups()
    {
        using var directory = new TemporaryDirectory();
        var settings = s3.Settings();
        settings["Backup:S3:Keep"] = "2";
        await using var service = Start(directory.Path, settings);
        var client = service.Client(AdminKey);

        var names = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            names.Add((await client.CreateBackupAsync(new CreateBackup())).Name);
            await Eventually.Until(() => client.ListBackupsAsync(new ListBackups()), backups => backups.Any(b => b.Name == names[^1] && b.Location == BackupLocation.Both));
        }
        using var target = new S3BackupTarget(Options());
        var remote = await Eventually.Until(() => target.ListAsync(CancellationToken.None), backups => backups.Count == 2);

        Assert.That(remote.Select(b => b.Name), Is.EqualTo(new[] { names[2], names[1] }));
        Assert.That((await client.ListBackupsAsync(new ListBackups())).Single(b => b.Name == names[0]).Location, Is.EqualTo(BackupLocation.Local),
            "backups/ keeps its own 24");
    }

    [Test]
    public async Task After_losing_the_whole_data_directory_restore_from_s3_brings_back_every_backed_up_session()
    {
        using var directory = new TemporaryDirectory();
        var store = s3.Environment();
        Snapshot backedUp;
        await using (var service = await TestProcesses.StartAsync(directory.Path, WithAdminKey(store)))
        {
            var client = service.AdminClient(AdminKey);
            await Workload.PlayAsync(client, sessions: 25);
            backedUp = await Snapshot.TakeAsync(client);
            await client.CreateBackupAsync(new CreateBackup());
            await Eventually.Until(() => client.ListBackupsAsync(new ListBackups()), backups => backups.Single().Location == BackupLocation.Both);
            Assert.That(await service.StopAsync(), Is.Zero);
            Assert.That(service.Output, Does.Not.Contain($"SecretKey={S3Server.SecretKey}"));
        }
        Directory.Delete(directory.Path, recursive: true);

        var (exitCode, output) = await ServiceProcess.RunCommandAsync(BuiltService.DllPath, directory.Path, store, "restore", "--from-s3", "latest");
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("Restored sessionstore-").And.Contain("there were no database files before"));

        await using var restored = await TestProcesses.StartAsync(directory.Path, WithAdminKey(store));
        var after = await Snapshot.TakeAsync(restored.AdminClient(AdminKey));
        var readiness = await Readiness.ReadAsync(restored.Http);

        Assert.That(after.Sessions, Is.EquivalentTo(backedUp.Sessions), "every session the backup held, as it was");
        Assert.That(after.Stats with { StartedLast24Hours = 0 }, Is.EqualTo(backedUp.Stats with { StartedLast24Hours = 0 }));
        Assert.That(after.HighScores, Is.EqualTo(backedUp.HighScores));
        Assert.That(readiness.Status, Is.EqualTo(HealthStatus.Healthy), "an operator's restore is recorded already acknowledged");
    }

    [Test]
    public async Task Restoring_from_s3_into_a_data_directory_that_has_a_database_moves_it_to_quarantine_unchanged()
    {
        using var directory = new TemporaryDirectory();
        var store = s3.Environment();
        string backup;
        await using (var service = await TestProcesses.StartAsync(directory.Path, WithAdminKey(store)))
        {
            var client = service.AdminClient(AdminKey);
            await Workload.PlayAsync(client, sessions: 4);
            backup = (await client.CreateBackupAsync(new CreateBackup())).Name;
            await Eventually.Until(() => client.ListBackupsAsync(new ListBackups()), backups => backups.Single().Location == BackupLocation.Both);
            await Workload.PlayAsync(client, sessions: 3);
            Assert.That(await service.StopAsync(), Is.Zero);
        }
        var before = DatabaseDamage.Digest(directory.Combine("sessionstore.db"));

        var (exitCode, output) = await ServiceProcess.RunCommandAsync(BuiltService.DllPath, directory.Path, store, "restore", "--from-s3", backup);

        Assert.That(exitCode, Is.Zero, output);
        var quarantined = Directory.GetFiles(directory.Combine("quarantine"), "sessionstore.db", SearchOption.AllDirectories);
        Assert.That(quarantined.Select(DatabaseDamage.Digest), Is.EqualTo(new[] { before }), "the database that was there, byte for byte");
        Assert.That(SessionCount(directory.Combine("sessionstore.db")), Is.EqualTo(4));
    }

    [Test]
    public async Task Restoring_a_name_the_store_does_not_hold_changes_nothing_and_names_what_it_holds()
    {
        using var directory = new TemporaryDirectory();
        var (exitCode, output) = await ServiceProcess.RunCommandAsync(BuiltService.DllPath, directory.Path, s3.Environment(), "restore", "--from-s3", "latest");

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain($"There is no backup in s3://{s3.Bucket}/production/").And.Contain("Nothing was changed."));
        Assert.That(File.Exists(directory.Combine("sessionstore.db")), Is.False);
    }

    private static InProcessService Start(string dataDirectory, Dictionary<string, string> settings, Action<IServiceCollection>? services = null)
    {
        var configuration = settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        configuration["Admin:ApiKey"] = AdminKey;
        return new InProcessService(dataDirectory, configuration, services);
    }

    private static Dictionary<string, string> WithAdminKey(Dictionary<string, string> environment) =>
        new(environment) { ["Admin__ApiKey"] = AdminKey };

    private S3BackupOptions Options() => new()
    {
        ServiceUrl = s3.ServiceUrl.ToString(),
        Bucket = s3.Bucket,
        Prefix = "production",
        AccessKey = S3Server.AccessKey,
        SecretKey = S3Server.SecretKey,
        ForcePathStyle = true,
    };

    /// <summary>A plain SDK client on the same store, as another tool (or an attacker with the keys) would use it.</summary>
    private AmazonS3Client Store() => new(new BasicAWSCredentials(S3Server.AccessKey, S3Server.SecretKey), new AmazonS3Config
    {
        ServiceURL = s3.ServiceUrl.ToString(),
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    private static BackupManifest ManifestOf(string file) => new(BackupManifest.CurrentFormat, "sessionstore-20260101T000000.000Z.db",
        new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new FileInfo(file).Length, BackupManifest.FileSha256(file), 4,
        new Dictionary<string, long> { ["sessions"] = 1 });

    private static bool SameBackup(BackupManifest a, BackupManifest b) =>
        a.Name == b.Name && a.SizeBytes == b.SizeBytes && a.Sha256 == b.Sha256 && a.CreatedAt == b.CreatedAt && a.RowCounts.SequenceEqual(b.RowCounts);

    private static long SessionCount(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sessions";
        return (long)command.ExecuteScalar()!;
    }
}
