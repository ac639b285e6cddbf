using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SessionStore.Tests.Support;
using SessionStore.TestSupport;

namespace SessionStore.Tests;

/// <summary>Restore drills: a backup counts as restorable once it has been restored and found to be what its manifest says.</summary>
[NonParallelizable]
public sealed partial class RestoreDrillTests
{
    private const string AdminKey = "drill-tests-admin-key-0123456789abcdef";

    [Test]
    public async Task A_drill_restores_the_newest_local_backup_and_the_newest_remote_copy_and_proves_both()
    {
        await using var s3 = await S3TestServer.StartAsync();
        using var directory = new TemporaryDirectory();
        await using var service = Start(directory.Path, s3.Settings());
        var client = service.Client(AdminKey);
        await Workload.PlayAsync(client, sessions: 9);
        var backup = await client.CreateBackupAsync(new CreateBackup());
        await Eventually.Until(() => client.ListBackupsAsync(new ListBackups()), backups => backups.Single().Location == BackupLocation.Both);

        var drills = await client.RunRestoreDrillAsync(new RunRestoreDrill());
        var listed = await client.ListBackupsAsync(new ListBackups());
        var report = await client.GetStorageAsync(new GetStorage());

        Assert.That(drills.Select(d => d.Location), Is.EqualTo(new[] { BackupLocation.Local, BackupLocation.Remote }));
        Assert.That(drills, Has.All.Property(nameof(RestoreDrillResult.Passed)).True.And.Property(nameof(RestoreDrillResult.Backup)).EqualTo(backup.Name));
        Assert.That(drills[1].Outcome, Does.Contain($"from s3://{s3.Bucket}/production/").And.Contain("match its manifest"));
        Assert.That(listed.Single().ProvenRestorableAt, Is.Not.Null);
        Assert.That(report.Backups!.ProvenRestorableBackupAt, Is.EqualTo(backup.CreatedAt));
        Assert.That(await client.ListRestoreDrillsAsync(new ListRestoreDrills()), Is.EqualTo(drills.OrderByDescending(d => d.At)).Using<RestoreDrillResult>(SameDrill));
        Assert.That(Directory.Exists(directory.Combine(".drill")), Is.False, "the scratch folder is gone");
    }

    [Test]
    public async Task A_drill_fails_a_backup_whose_bytes_differ_from_its_manifest()
    {
        using var directory = new TemporaryDirectory();
        await using var service = Start(directory.Path);
        var client = service.Client(AdminKey);
        await Workload.PlayAsync(client, sessions: 3);
        var backup = await client.CreateBackupAsync(new CreateBackup());
        DatabaseDamage.Overwrite(directory.Combine("backups", backup.Name), 2000, [0xFF, 0xFE]);

        var drill = (await client.RunRestoreDrillAsync(new RunRestoreDrill())).Single();

        Assert.That(drill.Passed, Is.False);
        Assert.That(drill.Outcome, Does.Contain("not what its manifest recorded").And.Contain("SHA-256"));
        Assert.That((await client.ListBackupsAsync(new ListBackups())).Single().ProvenRestorableAt, Is.Null);
    }

    [Test]
    public async Task A_drill_fails_a_backup_whose_rows_are_not_the_ones_its_manifest_counted()
    {
        using var directory = new TemporaryDirectory();
        await using var service = Start(directory.Path);
        var client = service.Client(AdminKey);
        await Workload.PlayAsync(client, sessions: 3);
        var backup = await client.CreateBackupAsync(new CreateBackup());
        var manifestPath = directory.Combine("backups", backup.Name + ".manifest.json");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(manifestPath))!;
        manifest["rowCounts"]!["sessions"] = 4;
        await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString());

        var drill = (await client.RunRestoreDrillAsync(new RunRestoreDrill())).Single();

        Assert.That(drill.Passed, Is.False);
        Assert.That(drill.Outcome, Does.Contain("sessions has 3 rows where the manifest recorded 4"));
    }

    [Test]
    public async Task Readiness_turns_Degraded_once_the_newest_proven_backup_is_older_than_twice_the_drill_interval_and_a_new_drill_clears_it()
    {
        using var directory = new TemporaryDirectory();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var service = Start(directory.Path, new() { ["Backup:Interval"] = "30.00:00:00", ["Backup:DrillInterval"] = "1.00:00:00" },
            services => services.AddSingleton<TimeProvider>(clock));
        var client = service.Client(AdminKey);
        await client.CreateBackupAsync(new CreateBackup());
        await client.RunRestoreDrillAsync(new RunRestoreDrill());
        var fresh = await Readiness.ReadAsync(service.CreateClient());

        clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        var stale = await Readiness.ReadAsync(service.CreateClient());
        var concern = (await client.GetStorageAsync(new GetStorage())).Concerns.Single();
        await client.CreateBackupAsync(new CreateBackup());
        await client.RunRestoreDrillAsync(new RunRestoreDrill());
        var provenAgain = await Readiness.ReadAsync(service.CreateClient());

        Assert.That(fresh.Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That(stale.Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(stale.Description, Is.EqualTo("No recent backup is proven restorable."));
        Assert.That(concern.Kind, Is.EqualTo(StorageConcernKind.RestoreUnproven));
        Assert.That(concern.Details, Does.Contain("2026-03-01 12:00:00Z"));
        Assert.That(provenAgain.Status, Is.EqualTo(HealthStatus.Healthy));
    }

    [Test]
    public async Task The_age_of_the_newest_proven_backup_is_a_metric()
    {
        using var directory = new TemporaryDirectory();
        await using var service = await TestProcesses.StartAsync(directory.Path, new Dictionary<string, string> { ["Admin__ApiKey"] = AdminKey, ["Metrics__ServeBesideApi"] = "true" });
        var client = service.AdminClient(AdminKey);
        var before = await service.Http.GetStringAsync("metrics");
        await client.CreateBackupAsync(new CreateBackup());
        await client.RunRestoreDrillAsync(new RunRestoreDrill());

        var after = await service.Http.GetStringAsync("metrics");

        Assert.That(before, Does.Not.Contain("sessionstore_backups_proven_restorable_age "), "no value before any backup is proven");
        var age = double.Parse(AgeLine().Match(after).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(age, Is.GreaterThanOrEqualTo(0).And.LessThan(3600));
        Assert.That(after, Does.Contain("sessionstore_backups_upload_consecutive_failures 0"));
    }

    private static InProcessService Start(string dataDirectory, Dictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        var configuration = (settings ?? []).ToDictionary(s => s.Key, s => (string?)s.Value);
        configuration["Admin:ApiKey"] = AdminKey;
        return new InProcessService(dataDirectory, configuration, services);
    }

    private static bool SameDrill(RestoreDrillResult a, RestoreDrillResult b) =>
        JsonSerializer.Serialize(a with { At = a.At.ToUniversalTime() }) == JsonSerializer.Serialize(b with { At = b.At.ToUniversalTime() });

    [GeneratedRegex(@"^sessionstore_backups_proven_restorable_age (\S+)$", RegexOptions.Multiline)]
    private static partial Regex AgeLine();
}
