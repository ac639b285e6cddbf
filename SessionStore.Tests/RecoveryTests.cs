using Microsoft.Extensions.Logging.Abstractions;
using SessionStore.ServiceInterface.Storage;
using SessionStore.Tests.Support;
using SessionStore.ServiceInterface.Storage.Recovery;

namespace SessionStore.Tests;

/// <summary>What a recovery leaves behind: events an operator must acknowledge, and no way to lose them or loop.</summary>
public sealed class RecoveryTests
{
    private const string AdminKey = "recovery-tests-admin-key-0123456789abcdef";
    private static readonly string[] DatabaseAndShm = ["sessionstore.db", "sessionstore.db-shm"];
    private static readonly Dictionary<string, string?> NoTimeForTheCheckAtStartup = new()
    {
        ["Admin:ApiKey"] = AdminKey,
        ["Storage:StartupCheckBudget"] = "00:00:00",
    };

    [Test]
    public async Task A_recovery_keeps_readiness_Degraded_across_restarts_until_an_operator_acknowledges_it()
    {
        using var directory = new TemporaryDirectory();
        await CreateSessionsAndBackupAsync(directory.Path, sessions: 4);
        DatabaseDamage.Truncate(directory.Combine("sessionstore.db"), 0);

        await using (var recovered = Start(directory.Path))
            Assert.That((await Readiness.ReadAsync(recovered.CreateClient())).Status, Is.EqualTo(HealthStatus.Degraded));

        await using var restarted = Start(directory.Path);
        var client = restarted.Client(AdminKey);
        var stillOpen = await Readiness.ReadAsync(restarted.CreateClient());
        var acknowledged = await client.AcknowledgeRecoveryAsync(new AcknowledgeRecovery());
        var afterwards = await Readiness.ReadAsync(restarted.CreateClient());
        var report = await client.GetStorageAsync(new GetStorage());

        Assert.Multiple(() =>
        {
            Assert.That(stillOpen.Status, Is.EqualTo(HealthStatus.Degraded), "the event survived the restart");
            Assert.That(stillOpen.Description, Does.Contain("recovered").And.Contain("acknowledged"));
            Assert.That(acknowledged.Single().Acknowledged);
            Assert.That(acknowledged.Single().RecoveryPath, Is.EqualTo(RecoveryPath.Backup));
            Assert.That(acknowledged.Single().RowsRestored, Is.EqualTo(7), "4 sessions, the 2 games they entered, the audit log's salt");
            Assert.That(afterwards.Status, Is.EqualTo(HealthStatus.Healthy));
            Assert.That(report.RecoveryEvents, Is.EqualTo(acknowledged), "the storage report keeps the history");
        });
    }

    [Test]
    public async Task Recovery_skips_a_backup_that_fails_integrity_check_for_the_next_newest()
    {
        using var directory = new TemporaryDirectory();
        string older, newer;
        await using (var service = Start(directory.Path))
        {
            var client = service.Client(AdminKey);
            await Workload.PlayAsync(client, sessions: 3);
            older = (await client.CreateBackupAsync(new CreateBackup())).Name;
            await Workload.PlayAsync(client, sessions: 3);
            newer = (await client.CreateBackupAsync(new CreateBackup())).Name;
        }
        var newerFile = directory.Combine("backups", newer);
        DatabaseDamage.OverwritePage(newerFile, DatabaseDamage.PagesOfType(newerFile, DatabaseDamage.TableLeafPage)[0], seed: 7);
        DatabaseDamage.FillWithGarbage(directory.Combine("sessionstore.db"), seed: 8);

        await using var recovered = Start(directory.Path);
        var recovery = await RecoveryEventAsync(recovered);

        Assert.That(recovery.RestoredFromBackup, Is.EqualTo(older));
        Assert.That((await recovered.Client().GetStatsAsync(new GetStats())).Sessions.Total, Is.EqualTo(3));
    }

    [Test]
    public async Task Damage_the_startup_check_had_no_time_for_is_found_in_the_background_and_recovered_online()
    {
        using var directory = new TemporaryDirectory();
        await CreateSessionsAndBackupAsync(directory.Path, sessions: 6);
        var database = directory.Combine("sessionstore.db");
        DatabaseDamage.OverwritePage(database, DatabaseDamage.RootPageOf(database, "ix_sessions_player_name_started_at"), seed: 9);

        await using var service = new InProcessService(directory.Path, NoTimeForTheCheckAtStartup);
        var readiness = await Eventually.Until(() => Readiness.ReadAsync(service.CreateClient()),
            health => health.Description.Contains("was recovered from damage"));
        var recovery = (await service.Client(AdminKey).GetStorageAsync(new GetStorage())).RecoveryEvents.Single();

        Assert.That(readiness.Status, Is.EqualTo(HealthStatus.Degraded), "recovered, and waiting for an operator to acknowledge it");
        Assert.That(recovery.RecoveryPath, Is.EqualTo(RecoveryPath.BackupAndSalvage));
        Assert.That(recovery.Problem, Does.Contain("quick_check"));
        Assert.That(Directory.GetFiles(recovery.QuarantinedTo), Is.Not.Empty);
        Assert.That((await service.Client().GetStatsAsync(new GetStats())).Sessions.Total, Is.EqualTo(6), "without a restart");
        Assert.That((await service.Client().CreateSessionAsync(new CreateSession())).Session.Status, Is.EqualTo(SessionStatus.Active), "writes work again");
    }

    [Test]
    public async Task With_online_recovery_off_damage_found_while_running_stays_Degraded_through_an_acknowledgement_until_the_next_start_recovers_it()
    {
        using var directory = new TemporaryDirectory();
        await CreateSessionsAndBackupAsync(directory.Path, sessions: 6);
        var database = directory.Combine("sessionstore.db");
        DatabaseDamage.OverwritePage(database, DatabaseDamage.RootPageOf(database, "ix_sessions_player_name_started_at"), seed: 9);
        var noOnlineRecovery = new Dictionary<string, string?>(NoTimeForTheCheckAtStartup) { ["Storage:RecoverOnline"] = "false" };

        await using (var service = new InProcessService(directory.Path, noOnlineRecovery))
        {
            var found = await Eventually.Until(() => Readiness.ReadAsync(service.CreateClient()), health => health.Status == HealthStatus.Degraded);
            await service.Client(AdminKey).AcknowledgeRecoveryAsync(new AcknowledgeRecovery());
            var afterAcknowledging = await Readiness.ReadAsync(service.CreateClient());
            var report = await service.Client(AdminKey).GetStorageAsync(new GetStorage());

            Assert.That(found.Description, Does.Contain("not repaired"));
            Assert.That(afterAcknowledging.Status, Is.EqualTo(HealthStatus.Degraded), "acknowledging never hides damage still in the live file");
            Assert.That(report.Concerns.Single().Kind, Is.EqualTo(StorageConcernKind.DamageNotRepaired));
            Assert.That(report.RecoveryEvents.Single(), Has.Property(nameof(RecoveryEvent.RecoveryPath)).EqualTo(RecoveryPath.RestartPending)
                .And.Property(nameof(RecoveryEvent.Acknowledged)).False);
        }

        await using var restarted = Start(directory.Path);
        var events = (await restarted.Client(AdminKey).GetStorageAsync(new GetStorage())).RecoveryEvents;
        Assert.That(events.Single(recovery => !recovery.Acknowledged).RecoveryPath, Is.EqualTo(RecoveryPath.BackupAndSalvage));
        Assert.That((await restarted.Client().GetStatsAsync(new GetStats())).Sessions.Total, Is.EqualTo(6));
    }

    [Test]
    public async Task A_write_or_read_that_meets_damage_answers_503_with_a_problem_that_says_so()
    {
        using var directory = new TemporaryDirectory();
        CreateSessionResponse created;
        await using (var service = Start(directory.Path))
            created = await service.Client().CreateSessionAsync(new CreateSession { PlayerName = "meets-damage" });
        var database = directory.Combine("sessionstore.db");
        DatabaseDamage.OverwritePage(database, DatabaseDamage.RootPageOf(database, "sessions"), seed: 12);
        var noOnlineRecovery = new Dictionary<string, string?>(NoTimeForTheCheckAtStartup) { ["Storage:RecoverOnline"] = "false" };

        await using var damaged = new InProcessService(directory.Path, noOnlineRecovery);
        var write = Assert.ThrowsAsync<SessionStoreApiException>(() =>
            damaged.Client().UpdateSessionAsync(new UpdateSession { Id = created.Session.Id, Score = 5 }, created.Token));
        var read = Assert.ThrowsAsync<SessionStoreApiException>(() => damaged.Client().GetSessionAsync(new GetSession { Id = created.Session.Id }));
        var readiness = await Readiness.ReadAsync(damaged.CreateClient());

        Assert.That(write!.Status, Is.EqualTo(System.Net.HttpStatusCode.ServiceUnavailable));
        Assert.That(write.Problem?.Detail, Does.Contain("The database file is damaged where this request needed it").And.Contain("Nothing was stored"));
        Assert.That(read!.Status, Is.EqualTo(System.Net.HttpStatusCode.ServiceUnavailable));
        Assert.That(readiness.Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(readiness.Description, Does.Contain("not repaired"));
    }

    [Test]
    public async Task Damage_met_while_opening_the_database_is_recovered_at_once()
    {
        using var directory = new TemporaryDirectory();
        await CreateSessionsAndBackupAsync(directory.Path, sessions: 6);
        var database = directory.Combine("sessionstore.db");
        // Migrations read this index first thing; with no startup check, opening the database is what finds it damaged.
        DatabaseDamage.OverwritePage(database, DatabaseDamage.RootPageOf(database, "UC_Version"), seed: 10);
        var damagedBytes = DatabaseDamage.Digest(database);

        await using var service = new InProcessService(directory.Path, NoTimeForTheCheckAtStartup);
        var recovery = await RecoveryEventAsync(service);

        Assert.That(recovery.Problem, Does.Contain("cannot be opened"));
        Assert.That(recovery.RecoveryPath, Is.EqualTo(RecoveryPath.BackupAndSalvage));
        Assert.That(DatabaseDamage.Digest(Path.Combine(recovery.QuarantinedTo, "sessionstore.db")), Is.EqualTo(damagedBytes), "quarantined as it was");
        Assert.That((await service.Client().GetStatsAsync(new GetStats())).Sessions.Total, Is.EqualTo(6));
    }

    [Test]
    public async Task A_recovery_cut_short_by_a_crash_resumes_where_it_stopped()
    {
        using var directory = new TemporaryDirectory();
        await CreateSessionsAndBackupAsync(directory.Path, sessions: 5);
        // The crash came after the journal named the quarantine folder and the database was moved there, before the -shm was.
        var files = new DatabaseFiles(directory.Path);
        var journal = new RecoveryJournal(files, TimeProvider.System, NullLogger<RecoveryJournal>.Instance);
        var interrupted = journal.Save(journal.New("the damage the interrupted recovery found", RecoveryPath.RestartPending) with
        {
            Stage = RecoveryStage.Quarantining,
            QuarantinedTo = Path.Combine("quarantine", "interrupted"),
        });
        Directory.CreateDirectory(directory.Combine("quarantine", "interrupted"));
        File.Move(files.DatabasePath, directory.Combine("quarantine", "interrupted", "sessionstore.db"));
        await File.WriteAllBytesAsync(files.SharedMemoryPath, new byte[32768]);

        await using var resumed = Start(directory.Path);
        var recovery = await RecoveryEventAsync(resumed);

        Assert.That(recovery.Id, Is.EqualTo(interrupted.Id));
        Assert.That(recovery.RecoveryPath, Is.EqualTo(RecoveryPath.BackupAndSalvage));
        Assert.That(Directory.GetFiles(directory.Combine("quarantine", "interrupted")).Select(Path.GetFileName), Is.SupersetOf(DatabaseAndShm));
        Assert.That((await resumed.Client().GetStatsAsync(new GetStats())).Sessions.Total, Is.EqualTo(5));
    }

    [Test]
    public async Task An_unreadable_recovery_journal_is_set_aside_and_the_service_starts()
    {
        using var directory = new TemporaryDirectory();
        await File.WriteAllTextAsync(directory.Combine("recovery-events.json"), "{ not json");

        await using var service = Start(directory.Path);
        var readiness = await Readiness.ReadAsync(service.CreateClient());

        Assert.That(readiness.Status, Is.EqualTo(HealthStatus.Healthy));
        var setAside = Directory.GetFiles(directory.Combine("quarantine"), "recovery-events.json", SearchOption.AllDirectories);
        Assert.That(setAside, Has.Length.EqualTo(1));
        Assert.That(await File.ReadAllTextAsync(setAside[0]), Is.EqualTo("{ not json"));
    }

    /// <summary>The one recovery event, from the admin storage report (readiness gives only a short reason).</summary>
    private static async Task<RecoveryEvent> RecoveryEventAsync(InProcessService service) =>
        (await service.Client(AdminKey).GetStorageAsync(new GetStorage())).RecoveryEvents.Single();

    private static InProcessService Start(string dataDirectory) =>
        new(dataDirectory, new Dictionary<string, string?> { ["Admin:ApiKey"] = AdminKey });

    private static async Task CreateSessionsAndBackupAsync(string dataDirectory, int sessions)
    {
        await using var service = Start(dataDirectory);
        var client = service.Client(AdminKey);
        await Workload.PlayAsync(client, sessions);
        await client.CreateBackupAsync(new CreateBackup());
    }
}
