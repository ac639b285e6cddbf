using System.Net;
using System.Text;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>The real SessionStore process: crashes, graceful stops, startup failures and Kestrel's limits.</summary>
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ProcessTests
{
    private const int CrashCycles = 10;
    private const int Writers = 8;
    private const string AdminKey = "process-tests-admin-key-0123456789abcdef";
    private static readonly Dictionary<string, string> AdminKeyEnvironment = new() { ["Admin__ApiKey"] = AdminKey };

    [Test]
    public async Task Every_acknowledged_write_survives_SIGKILL_at_random_moments_under_load()
    {
        using var directory = new TemporaryDirectory();
        var acknowledged = new AcknowledgedWrites();
        var random = new Random(20261125);

        for (var cycle = 0; cycle < CrashCycles; cycle++)
        {
            await using var service = await TestProcesses.StartAsync(directory.Path);
            acknowledged.AssertAllPresent(await Snapshot.TakeAsync(service.Client), $"after restart {cycle}");

            using var stop = new CancellationTokenSource();
            var load = Enumerable.Range(0, Writers).Select(_ => acknowledged.WriteUntilKilledAsync(service.Client, stop.Token)).ToArray();
            // Kill after a random number of acknowledged writes, not a random time: on a loaded machine a
            // time can pass with nothing written, and then the cycle would prove nothing.
            await acknowledged.WaitForWritesAsync(random.Next(Writers, 20 * Writers));
            await service.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(load);
        }

        await using var last = await TestProcesses.StartAsync(directory.Path);
        acknowledged.AssertAllPresent(await Snapshot.TakeAsync(last.Client), "after the last restart");
    }

    [Test]
    public async Task A_graceful_stop_under_load_finishes_the_writes_in_flight_checkpoints_the_WAL_and_exits_cleanly()
    {
        using var directory = new TemporaryDirectory();
        var acknowledged = new AcknowledgedWrites();
        var service = await TestProcesses.StartAsync(directory.Path);
        await using (service)
        {
            await Workload.PlayAsync(service.Client, sessions: 20);
            using var stop = new CancellationTokenSource();
            var load = Enumerable.Range(0, Writers).Select(_ => acknowledged.WriteUntilKilledAsync(service.Client, stop.Token)).ToArray();
            await acknowledged.WaitForWritesAsync(Writers);
            // SIGTERM with writes in flight: they finish and are answered, later ones are refused (503) or find the port closed.
            Assert.That(await service.StopAsync(), Is.Zero, service.Output);
            await stop.CancelAsync();
            await Task.WhenAll(load);
        }

        var wal = new FileInfo(directory.Combine("sessionstore.db-wal"));
        Assert.That(!wal.Exists || wal.Length == 0, $"the WAL is empty or gone, but it has {(wal.Exists ? wal.Length : 0)} bytes");
        await using var restarted = await TestProcesses.StartAsync(directory.Path);
        var snapshot = await Snapshot.TakeAsync(restarted.Client);
        acknowledged.AssertAllPresent(snapshot, "after a graceful stop under load");
        Assert.That(snapshot.Stats.Total, Is.GreaterThan(20), "the workload's sessions and the acknowledged ones");
        Assert.That((await Readiness.ReadAsync(restarted.Http)).Status, Is.EqualTo(HealthStatus.Healthy), "a graceful stop leaves nothing to recover");
    }

    [Test]
    public async Task After_a_graceful_stop_the_next_start_leaves_the_untouched_file_s_check_to_the_background()
    {
        using var directory = new TemporaryDirectory();
        await using (var service = await TestProcesses.StartAsync(directory.Path))
        {
            await Workload.PlayAsync(service.Client, sessions: 5);
            Assert.That(await service.StopAsync(), Is.Zero, service.Output);
        }
        Assert.That(File.Exists(directory.Combine("sessionstore.clean")), "the graceful stop described the file it left");

        await using var restarted = await TestProcesses.StartAsync(directory.Path);

        Assert.That(restarted.Output, Does.Contain("as the last graceful stop left it"));
        Assert.That(File.Exists(directory.Combine("sessionstore.clean")), Is.False, "the marker is gone once the database is open again");
    }

    [Test]
    public async Task After_a_crash_the_next_start_checks_the_file_before_it_is_ready()
    {
        using var directory = new TemporaryDirectory();
        await using (var service = await TestProcesses.StartAsync(directory.Path))
        {
            await Workload.PlayAsync(service.Client, sessions: 5);
            await service.KillAsync();
        }

        await using var restarted = await TestProcesses.StartAsync(directory.Path);

        Assert.That(restarted.Output, Does.Not.Contain("as the last graceful stop left it"));
    }

    [Test]
    public async Task Damage_that_keeps_the_file_s_length_and_time_after_a_graceful_stop_is_found_by_the_background_check()
    {
        using var directory = new TemporaryDirectory();
        await using (var service = await TestProcesses.StartAsync(directory.Path))
        {
            await Workload.PlayAsync(service.Client, sessions: 5);
            Assert.That(await service.StopAsync(), Is.Zero, service.Output);
        }
        // Bit rot in an index page, which opening the database does not read: the bytes change, the file's length and time do not.
        var database = directory.Combine("sessionstore.db");
        var lastWrite = File.GetLastWriteTimeUtc(database);
        DatabaseDamage.OverwritePage(database, DatabaseDamage.RootPageOf(database, "ix_sessions_game_started_at"), seed: 7);
        File.SetLastWriteTimeUtc(database, lastWrite);

        await using var restarted = await TestProcesses.StartAsync(directory.Path);
        var recovered = await Eventually.Until(() => Readiness.ReadAsync(restarted.Http),
            health => health.Description.Contains("was recovered from damage"));

        Assert.That(recovered.Status, Is.EqualTo(HealthStatus.Degraded), restarted.Output);
        Assert.That(restarted.Output, Does.Contain("found damage in its database while running: sessionstore.db fails PRAGMA quick_check"));
    }

    [Test]
    public async Task A_damaged_database_is_recovered_at_startup_and_the_log_says_what_happened_in_one_paragraph()
    {
        using var directory = new TemporaryDirectory();
        await using (var service = await TestProcesses.StartAsync(directory.Path))
            await Workload.PlayAsync(service.Client, sessions: 5);
        DatabaseDamage.Truncate(directory.Combine("sessionstore.db"), 4096 + 100);

        await using var recovered = await TestProcesses.StartAsync(directory.Path, AdminKeyEnvironment);
        var readiness = await Readiness.ReadAsync(recovered.Http);
        var recovery = (await recovered.AdminClient(AdminKey).GetStorageAsync(new GetStorage())).RecoveryEvents.Single();

        Assert.That(readiness.Status, Is.EqualTo(HealthStatus.Degraded));
        var paragraph = recovered.Output.Split('\n').Where(line => line.Contains("SessionStore recovered its database", StringComparison.Ordinal)).ToList();
        Assert.That(paragraph, Has.Count.EqualTo(1), recovered.Output);
        Assert.That(paragraph[0], Does.Contain("is truncated").And.Contain("moved, unchanged, to").And.Contain("/health/ready reports Degraded")
            .And.Contain(recovery.Id), "one paragraph: the problem, where the files went, what came back, what to do");
        AssertNoStackTrace(recovered.Output);
    }

    [Test]
    public async Task The_restore_command_refuses_while_the_service_runs_and_changes_nothing()
    {
        using var directory = new TemporaryDirectory();
        await using var service = await TestProcesses.StartAsync(directory.Path, AdminKeyEnvironment);
        await Workload.PlayAsync(service.Client, sessions: 3);
        var backup = await service.AdminClient(AdminKey).CreateBackupAsync(new CreateBackup());

        var (exitCode, output) = await TestProcesses.RunCommandAsync(directory.Path, "restore", directory.Combine("backups", backup.Name));

        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(output, Does.Contain("The restore cannot use the data directory").And.Contain("stop that process first"));
        AssertNoStackTrace(output);
        Assert.That(Directory.Exists(directory.Combine("quarantine")), Is.False);
        Assert.That((await service.Client.GetStatsAsync(new GetStats())).Sessions.Total, Is.EqualTo(3));
    }

    [Test]
    public async Task The_restore_command_puts_a_backup_in_place_and_keeps_the_replaced_files_in_quarantine()
    {
        using var directory = new TemporaryDirectory();
        BackupInfo backup;
        await using (var service = await TestProcesses.StartAsync(directory.Path, AdminKeyEnvironment))
        {
            await Workload.PlayAsync(service.Client, sessions: 3);
            backup = await service.AdminClient(AdminKey).CreateBackupAsync(new CreateBackup());
            await Workload.PlayAsync(service.Client, sessions: 4);
        }
        var replacedBytes = DatabaseDamage.Digest(directory.Combine("sessionstore.db"));

        var (exitCode, output) = await TestProcesses.RunCommandAsync(directory.Path, "restore", backup.Name);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain($"Restored {backup.Name} (5 rows)"), "3 sessions, the game one of them entered, the audit log's salt");
        await using var restarted = await TestProcesses.StartAsync(directory.Path, AdminKeyEnvironment);
        var readiness = await Readiness.ReadAsync(restarted.Http);
        var restore = (await restarted.AdminClient(AdminKey).GetStorageAsync(new GetStorage())).RecoveryEvents.Single();
        var sessions = (await restarted.Client.GetStatsAsync(new GetStats())).Sessions.Total;
        Assert.Multiple(() =>
        {
            Assert.That(sessions, Is.EqualTo(3), "the backup's sessions");
            Assert.That(readiness.Status, Is.EqualTo(HealthStatus.Healthy), "an operator's own restore needs no acknowledging");
            Assert.That(restore.RecoveryPath, Is.EqualTo(RecoveryPath.OfflineRestore));
            Assert.That(restore.RestoredFromBackup, Is.EqualTo(backup.Name));
            Assert.That(DatabaseDamage.Digest(Path.Combine(restore.QuarantinedTo, "sessionstore.db")), Is.EqualTo(replacedBytes), "the replaced database, unchanged");
        });
    }

    [Test]
    public async Task The_restore_command_refuses_a_damaged_backup_and_changes_nothing()
    {
        using var directory = new TemporaryDirectory();
        await using (var service = await TestProcesses.StartAsync(directory.Path))
            await Workload.PlayAsync(service.Client, sessions: 2);
        var notABackup = directory.Combine("not-a-backup.db");
        await File.WriteAllTextAsync(notABackup, new string('x', 8192));
        var databaseBytes = DatabaseDamage.Digest(directory.Combine("sessionstore.db"));

        var (exitCode, output) = await TestProcesses.RunCommandAsync(directory.Path, "restore", notABackup);

        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(output, Does.Contain($"{notABackup} cannot be restored").And.Contain("Nothing was changed"));
        AssertNoStackTrace(output);
        Assert.That(DatabaseDamage.Digest(directory.Combine("sessionstore.db")), Is.EqualTo(databaseBytes));
        Assert.That(Directory.Exists(directory.Combine("quarantine")), Is.False);
    }

    [Test]
    public async Task A_data_directory_that_is_a_file_stops_the_service_with_one_plain_sentence()
    {
        using var directory = new TemporaryDirectory();
        var notADirectory = directory.Combine("data");
        await File.WriteAllTextAsync(notADirectory, "a file");

        var (exitCode, output) = await TestProcesses.RunUntilExitAsync(notADirectory);

        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(output, Does.Contain($"The data directory {notADirectory} is a file, not a directory"));
        AssertNoStackTrace(output);
    }

    [Test]
    public async Task A_data_directory_the_service_user_cannot_write_stops_it_with_one_sentence_naming_the_user()
    {
        using var directory = new TemporaryDirectory();
        var dataDirectory = directory.Combine("data");
        Directory.CreateDirectory(dataDirectory);
        string? runAs = null;
        if (Environment.UserName == "root")
        {
            runAs = "65534"; // root writes anywhere: run the service as 'nobody', as the container runs as 1654
            File.SetUnixFileMode(directory.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            EnsureTraversable(dataDirectory);
        }
        File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead |
            UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var (exitCode, output) = await TestProcesses.RunUntilExitAsync(dataDirectory, runAsUser: runAs);

        Assert.That(exitCode, Is.Not.Zero, output);
        Assert.That(output, Does.Contain($"The data directory {dataDirectory} is not writable by user id"));
        Assert.That(output, Does.Contain("chown"));
        AssertNoStackTrace(output);
    }

    [Test]
    public async Task A_database_file_the_service_user_cannot_write_stops_it_with_one_sentence_naming_the_user()
    {
        if (Environment.UserName != "root") Assert.Ignore("Needs root, to leave a database file owned by another user, as a copy made with sudo is.");
        using var directory = new TemporaryDirectory();
        var dataDirectory = directory.Combine("data");
        await using (var service = await TestProcesses.StartAsync(dataDirectory))
            await Workload.PlayAsync(service.Client, sessions: 1);
        EnsureTraversable(dataDirectory);
        File.SetUnixFileMode(dataDirectory, (UnixFileMode)0b111_111_111); // the directory is writable by anyone: only the file is not
        var database = Path.Combine(dataDirectory, "sessionstore.db");
        File.SetUnixFileMode(database, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var (exitCode, output) = await TestProcesses.RunUntilExitAsync(dataDirectory, runAsUser: "65534");

        Assert.That(exitCode, Is.Not.Zero, output);
        Assert.That(output, Does.Contain($"The database file {database} is not writable by user id 65534").And.Contain("chown"));
        AssertNoStackTrace(output);
    }

    [Test]
    public async Task A_database_a_newer_release_has_migrated_stops_the_service_with_one_sentence_and_stays_untouched()
    {
        using var directory = new TemporaryDirectory();
        var dataDirectory = directory.Combine("data");
        await using (var service = await TestProcesses.StartAsync(dataDirectory))
            await Workload.PlayAsync(service.Client, sessions: 1);
        var database = Path.Combine(dataDirectory, "sessionstore.db");
        const long FutureVersion = 9_999_999_999;
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO VersionInfo (Version, AppliedOn, Description) VALUES ({FutureVersion}, '2027-01-01T00:00:00', 'from a newer release')";
            command.ExecuteNonQuery();
        }
        var databaseBytes = DatabaseDamage.Digest(database);

        var (exitCode, output) = await TestProcesses.RunUntilExitAsync(dataDirectory);

        Assert.That(exitCode, Is.Not.Zero, output);
        Assert.That(output, Does.Contain($"The database is at schema version {FutureVersion}, newer than this SessionStore knows"));
        AssertNoStackTrace(output);
        Assert.That(DatabaseDamage.Digest(database), Is.EqualTo(databaseBytes), "the newer release's database must not change");
        Assert.That(Directory.Exists(Path.Combine(dataDirectory, "quarantine")), Is.False, "a newer schema is not damage");
    }

    [Test]
    public async Task A_request_body_over_64_KiB_is_a_413_problem()
    {
        using var directory = new TemporaryDirectory();
        await using var service = await TestProcesses.StartAsync(directory.Path);
        var body = $$$"""{"playerName": "big", "metadata": {"blob": "{{{new string('x', 70_000)}}}"}}""";

        using var response = await service.Http.PostAsync("api/sessions", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await service.Client.GetStatsAsync(new GetStats())).Sessions.Total, Is.Zero);
    }

    private static void AssertNoStackTrace(string output) =>
        Assert.That(output, Does.Not.Match(@"(?m)^\s+at \S+\(.*\)"), output);

    /// <summary>Lets the unprivileged user reach a directory below the system temp folder.</summary>
    private static void EnsureTraversable(string path)
    {
        for (var dir = Directory.GetParent(path); dir is not null && dir.FullName != Path.GetTempPath().TrimEnd('/'); dir = dir.Parent)
            File.SetUnixFileMode(dir.FullName, File.GetUnixFileMode(dir.FullName) | UnixFileMode.OtherExecute | UnixFileMode.OtherRead);
    }
}
