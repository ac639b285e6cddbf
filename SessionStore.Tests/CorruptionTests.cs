using Microsoft.Data.Sqlite;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>
/// The corruption matrix: each way the database files get damaged, done to a copy of a real database that has
/// a backup and, after it, more sessions. For each, the service starts and serves; the damaged files are found,
/// byte for byte, under quarantine/; every session of the backup and every session still readable in the damaged
/// file is served again, with counters that agree; and a second start finds nothing new to recover.
/// </summary>
[NonParallelizable]
public sealed class CorruptionTests
{
    private const string AdminKey = "corruption-tests-admin-key-0123456789abcdef";
    private const string Checkpointed = "checkpointed";
    private const string Hot = "hot";
    private TemporaryDirectory images = null!;
    private Dictionary<Guid, string> inBackup = null!;
    private Dictionary<Guid, string> inCheckpointedFile = null!;
    private Dictionary<Guid, string> inHotImage = null!;
    private Dictionary<long, object[]> sessionRows = null!;

    /// <summary>What must be served again after the damage.</summary>
    public enum Survivors
    {
        /// <summary>The backup's sessions and every session whose row a plain read of the damaged file finds intact.</summary>
        BackupAndIntactRows,
        /// <summary>Every session in the database file: the damage spared its rows.</summary>
        EveryCheckpointedSession,
        /// <summary>Every session in the file and its WAL: the damage touched no data.</summary>
        EveryHotSession,
    }

    /// <summary>
    /// One kind of damage and what must survive it. With <c>FlipsValues</c>, bit flips can leave a plausible value in a
    /// column no readable index covers (a score, a token hash, or an id when the id's index page is damaged too): SQLite
    /// keeps no checksums, so such a row cannot be told from an intact one, and served sessions are not compared.
    /// </summary>
    public sealed record Damage(string Name, string Image, Action<string> Apply, Survivors Survivors, string Problem, string[] Quarantined, bool FlipsValues = false)
    {
        public override string ToString() => Name;
    }

    private static readonly string[] DatabaseFile = ["sessionstore.db"];
    private static readonly string[] DatabaseAndWal = ["sessionstore.db", "sessionstore.db-wal", "sessionstore.db-shm"];

    public static IEnumerable<Damage> Damages()
    {
        yield return new("an empty file", Checkpointed, db => DatabaseDamage.Truncate(db, 0), Survivors.BackupAndIntactRows, "is empty", DatabaseFile);
        yield return new("a file of random bytes", Checkpointed, db => DatabaseDamage.FillWithGarbage(db, 1), Survivors.BackupAndIntactRows, "is not a SQLite database", DatabaseFile);
        yield return new("a short text file", Checkpointed, db => File.WriteAllText(db, "not a database\n"), Survivors.BackupAndIntactRows, "shorter than the 100-byte SQLite header", DatabaseFile);
        yield return new("an overwritten SQLite signature", Checkpointed, db => DatabaseDamage.Overwrite(db, 0, "SQLite format 2\0"u8.ToArray()), Survivors.EveryCheckpointedSession, "is not a SQLite database", DatabaseFile);
        yield return new("an impossible page size in the header", Checkpointed, db => DatabaseDamage.Overwrite(db, 16, [0x03, 0xE8]), Survivors.BackupAndIntactRows, "page size 1000", DatabaseFile);
        yield return new("a garbage table leaf page", Checkpointed, db => DatabaseDamage.OverwritePage(db, DatabaseDamage.PagesOfType(db, DatabaseDamage.TableLeafPage)[^2], 2), Survivors.BackupAndIntactRows, "quick_check", DatabaseFile);
        yield return new("a garbage index page", Checkpointed, db => DatabaseDamage.OverwritePage(db, DatabaseDamage.PagesOfType(db, DatabaseDamage.IndexLeafPage)[0], 3), Survivors.EveryCheckpointedSession, "quick_check", DatabaseFile);
        yield return new("a directory where the file should be", Checkpointed, db =>
        {
            File.Delete(db);
            Directory.CreateDirectory(db);
            File.WriteAllText(Path.Combine(db, "left-here.txt"), "a bind mount of a missing file makes a directory");
        }, Survivors.BackupAndIntactRows, "is a directory", DatabaseFile);
        foreach (var (where, length) in new (string, Func<string, long>)[]
        {
            ("inside the header", _ => 50),
            ("right after the header", _ => 100),
            ("after the first page", db => DatabaseDamage.PageSize(db)),
            ("in the middle, on a page boundary", db => new FileInfo(db).Length / DatabaseDamage.PageSize(db) / 2 * DatabaseDamage.PageSize(db)),
            ("before the last page", db => new FileInfo(db).Length - DatabaseDamage.PageSize(db)),
            ("one byte short", db => new FileInfo(db).Length - 1),
        })
            yield return new($"truncated {where}", Checkpointed, db => DatabaseDamage.Truncate(db, length(db)), Survivors.BackupAndIntactRows, "truncated", DatabaseFile);
        foreach (var seed in new[] { 11, 12, 13, 14, 15 })
            yield return new($"bits flipped in b-tree page headers (seed {seed})", Checkpointed, db => DatabaseDamage.FlipBitsInPageHeaders(db, seed, count: 40), Survivors.BackupAndIntactRows, "quick_check", DatabaseFile, FlipsValues: true);
        yield return new("a WAL of random bytes", Hot, db => DatabaseDamage.FillWithGarbage(db + "-wal", 4), Survivors.EveryCheckpointedSession, "is not a SQLite WAL", DatabaseAndWal);
        yield return new("a WAL truncated inside its header", Hot, db => DatabaseDamage.Truncate(db + "-wal", 20), Survivors.EveryCheckpointedSession, "shorter than its 32-byte header", DatabaseAndWal);
        yield return new("a -shm of random bytes", Hot, db => DatabaseDamage.FillWithGarbage(db + "-shm", 5), Survivors.EveryHotSession, "shared-memory WAL index", ["sessionstore.db-shm"]);
    }

    [OneTimeSetUp]
    public async Task BuildTheDatabasesToDamage()
    {
        images = new TemporaryDirectory();
        var checkpointed = images.Combine(Checkpointed);
        await using (var service = Start(checkpointed))
        {
            var client = service.Client(AdminKey);
            await Workload.PlayAsync(client, sessions: 30);
            inBackup = await SessionsAsync(client);
            await client.CreateBackupAsync(new CreateBackup());
            await Workload.PlayAsync(client, sessions: 60);
            inCheckpointedFile = await SessionsAsync(client);
        }

        // A crash image: the database, its WAL and -shm copied while the service runs, with the newest sessions only in the WAL.
        var running = images.Combine("running");
        CopyDirectory(checkpointed, running);
        await using (var service = Start(running))
        {
            var client = service.Client(AdminKey);
            await Workload.PlayAsync(client, sessions: 10);
            inHotImage = await SessionsAsync(client);
            CopyDirectory(running, images.Combine(Hot));
        }
        Assert.That(new FileInfo(images.Combine(Hot, "sessionstore.db-wal")).Length, Is.GreaterThan(32), "the crash image has a WAL with commits in it");

        using var connection = new SqliteConnection($"Data Source={images.Combine(Checkpointed, "sessionstore.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var rows = connection.CreateCommand();
        rows.CommandText = "SELECT rowid, * FROM sessions";
        using var reader = rows.ExecuteReader();
        sessionRows = [];
        while (reader.Read()) sessionRows[reader.GetInt64(0)] = ValuesOf(reader);
        Assert.That(sessionRows, Has.Count.EqualTo(90));
    }

    [OneTimeTearDown]
    public void RemoveTheDatabases() => images.Dispose();

    [TestCaseSource(nameof(Damages))]
    public async Task The_service_starts_quarantines_the_damaged_files_unchanged_and_serves_what_survived(Damage damage)
    {
        using var directory = new TemporaryDirectory();
        CopyDirectory(images.Combine(damage.Image), directory.Path);
        var database = directory.Combine("sessionstore.db");
        damage.Apply(database);
        var damagedBytes = DigestsOf(directory.Path, damage.Quarantined);
        var mustServe = MustServe(damage.Survivors, database);

        RecoveryEvent recovery;
        await using (var service = Start(directory.Path))
        {
            var readiness = await Readiness.ReadAsync(service.CreateClient());
            Assert.That(readiness.Status, Is.EqualTo(HealthStatus.Degraded), readiness.Description);
            recovery = (await service.Client(AdminKey).GetStorageAsync(new GetStorage())).RecoveryEvents.Single();
            // Damage to a page that startup reads before the check (the schema, the migrations' or a game's row) is found right there.
            Assert.That(recovery.Problem, damage.Problem == "quick_check"
                ? Does.Contain("quick_check").Or.Contain("cannot be read")
                : Does.Contain(damage.Problem));

            Assert.That(DigestsOf(recovery.QuarantinedTo, damage.Quarantined), Is.EqualTo(damagedBytes), "the damaged files are in quarantine, unchanged");
            var served = await SessionsAsync(service.Client());
            Assert.Multiple(() =>
            {
                foreach (var (id, json) in mustServe)
                {
                    Assert.That(served.ContainsKey(id), $"session {id} is served again");
                    if (served.TryGetValue(id, out var again) && !damage.FlipsValues)
                        Assert.That(again, Is.EqualTo(json).Or.EqualTo(inBackup.GetValueOrDefault(id)), $"session {id} is as it was stored");
                }
                if (!damage.FlipsValues) Assert.That(served.Keys, Is.SubsetOf(inHotImage.Keys), "no session is made up");
            });
            await AssertCountersAgreeWithTheSessions(service.Client(), served);
        }

        await using var restarted = Start(directory.Path);
        var afterRestart = await restarted.Client(AdminKey).GetStorageAsync(new GetStorage());
        Assert.That(afterRestart.RecoveryEvents.Select(e => e.Id), Is.EqualTo(new[] { recovery.Id }), "a second start finds nothing more to recover");
        Assert.That(Directory.GetDirectories(directory.Combine("quarantine")), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task A_WAL_cut_in_the_middle_of_a_frame_as_a_crash_leaves_it_is_not_damage()
    {
        using var directory = new TemporaryDirectory();
        CopyDirectory(images.Combine(Hot), directory.Path);
        var wal = directory.Combine("sessionstore.db-wal");
        DatabaseDamage.Truncate(wal, new FileInfo(wal).Length - 1000);

        await using var service = Start(directory.Path);
        var readiness = await Readiness.ReadAsync(service.CreateClient());
        var served = await SessionsAsync(service.Client());

        Assert.That(readiness.Status, Is.EqualTo(HealthStatus.Healthy), readiness.Description);
        Assert.That(Directory.Exists(directory.Combine("quarantine")), Is.False);
        Assert.That(inCheckpointedFile.Keys, Is.SubsetOf(served.Keys), "every session committed before the WAL's last frames is there");
        Assert.That(served.Keys, Is.SubsetOf(inHotImage.Keys));
        await AssertCountersAgreeWithTheSessions(service.Client(), served);
    }

    [Test]
    public async Task A_session_its_primary_key_index_no_longer_lists_is_served_again_after_recovery()
    {
        using var directory = new TemporaryDirectory();
        CopyDirectory(images.Combine(Checkpointed), directory.Path);
        DatabaseDamage.EmptyIndexLeaves(directory.Combine("sessionstore.db"), "sqlite_autoindex_sessions_1");

        await using var service = Start(directory.Path);
        var recovery = (await service.Client(AdminKey).GetStorageAsync(new GetStorage())).RecoveryEvents.Single();
        var served = await SessionsAsync(service.Client());

        Assert.That(recovery.RecoveryPath, Is.EqualTo(RecoveryPath.BackupAndSalvage), recovery.Problem);
        Assert.That(served, Is.EquivalentTo(inCheckpointedFile), "the index decides nothing: every row that reads intact is back, as it was");
        var sessionAfterTheBackup = inCheckpointedFile.Keys.Except(inBackup.Keys).First();
        Assert.That((await service.Client().GetSessionAsync(new GetSession { Id = sessionAfterTheBackup })).Id, Is.EqualTo(sessionAfterTheBackup),
            "found through the primary key, which recovery rebuilt");
        await AssertCountersAgreeWithTheSessions(service.Client(), served);
    }

    [Test]
    public async Task A_session_completed_after_the_backup_wins_over_the_backup_s_copy_when_another_index_disagrees()
    {
        using var directory = new TemporaryDirectory();
        Session completedAfterTheBackup;
        await using (var service = Start(directory.Path))
        {
            var client = service.Client(AdminKey);
            var created = await client.CreateSessionAsync(new CreateSession { PlayerName = "late-finisher", Game = "default" });
            await Workload.PlayAsync(client, sessions: 10);
            await client.CreateBackupAsync(new CreateBackup());
            completedAfterTheBackup = await client.CompleteSessionAsync(new CompleteSession { Id = created.Session.Id, Score = 99_999 }, created.Token);
        }
        DatabaseDamage.EmptyIndexLeaves(directory.Combine("sessionstore.db"), "ix_sessions_status_started_at");

        await using var recovered = Start(directory.Path);
        var recovery = (await recovered.Client(AdminKey).GetStorageAsync(new GetStorage())).RecoveryEvents.Single();
        var session = await recovered.Client().GetSessionAsync(new GetSession { Id = completedAfterTheBackup.Id });
        var board = await recovered.Client().GetHighScoresAsync(new GetHighScores(Game: "default"));

        Assert.That(recovery.RecoveryPath, Is.EqualTo(RecoveryPath.BackupAndSalvage), recovery.Problem);
        Assert.That(System.Text.Json.JsonSerializer.Serialize(session), Is.EqualTo(System.Text.Json.JsonSerializer.Serialize(completedAfterTheBackup)),
            "the intact row from the damaged file, not the backup's older, active copy");
        Assert.That(board.Results[0].SessionId, Is.EqualTo(completedAfterTheBackup.Id), "and its high score with it");
        await AssertCountersAgreeWithTheSessions(recovered.Client(), await SessionsAsync(recovered.Client()));
    }

    private static InProcessService Start(string dataDirectory) =>
        new(dataDirectory, new Dictionary<string, string?> { ["Admin:ApiKey"] = AdminKey });

    private Dictionary<Guid, string> MustServe(Survivors survivors, string damagedDatabase) => survivors switch
    {
        Survivors.EveryHotSession => inHotImage,
        Survivors.EveryCheckpointedSession => inCheckpointedFile,
        _ => inBackup.Keys.Concat(IntactSessions(damagedDatabase)).Distinct().ToDictionary(id => id, id => inCheckpointedFile[id]),
    };

    /// <summary>
    /// The sessions whose row is still intact in (a copy of) the damaged file: read from the table itself, every value
    /// as it was, and found by its id through the id's index. (A lookup by id alone can take the id from the index and
    /// hide a damaged id in the row.)
    /// </summary>
    private List<Guid> IntactSessions(string damagedDatabase)
    {
        if (!File.Exists(damagedDatabase)) return [];
        using var copy = new TemporaryDirectory();
        var path = copy.Combine("copy.db");
        File.Copy(damagedDatabase, path);
        var readable = new List<Guid>();
        try
        {
            using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            connection.Open();
            foreach (var original in sessionRows.Values)
            {
                try
                {
                    using var byRowId = connection.CreateCommand();
                    byRowId.CommandText = "SELECT rowid, * FROM sessions NOT INDEXED WHERE rowid = $rowId";
                    byRowId.Parameters.AddWithValue("$rowId", original[0]);
                    using var byId = connection.CreateCommand();
                    byId.CommandText = "SELECT rowid FROM sessions WHERE id = $id";
                    byId.Parameters.AddWithValue("$id", original[1]);
                    using var reader = byRowId.ExecuteReader();
                    if (reader.Read() && ValuesOf(reader).SequenceEqual(original, ValueComparer.Instance) && Equals(byId.ExecuteScalar(), original[0]))
                        readable.Add(Guid.Parse((string)original[1]));
                }
                catch (SqliteException)
                {
                    // this row's page cannot be read
                }
            }
        }
        catch (SqliteException)
        {
            // the file cannot be opened at all
        }
        return readable;
    }

    private static object[] ValuesOf(SqliteDataReader reader)
    {
        var values = new object[reader.FieldCount];
        reader.GetValues(values);
        return values;
    }

    /// <summary>Column values as SQLite returns them; blobs compare by content.</summary>
    private sealed class ValueComparer : IEqualityComparer<object>
    {
        public static readonly ValueComparer Instance = new();
        public new bool Equals(object? x, object? y) => x is byte[] a && y is byte[] b ? a.SequenceEqual(b) : object.Equals(x, y);
        public int GetHashCode(object obj) => 0;
    }

    private static async Task<Dictionary<Guid, string>> SessionsAsync(SessionStoreClient client) =>
        (await Snapshot.EverySessionAsync(client)).ToDictionary(s => s.Id, s => System.Text.Json.JsonSerializer.Serialize(s));

    private static async Task AssertCountersAgreeWithTheSessions(SessionStoreClient client, Dictionary<Guid, string> served)
    {
        var sessions = served.Values.Select(json => System.Text.Json.JsonSerializer.Deserialize<Session>(json, System.Text.Json.JsonSerializerOptions.Web)!).ToList();
        var stats = (await client.GetStatsAsync(new GetStats())).Sessions;
        var highScores = (await client.GetHighScoresAsync(new GetHighScores(Take: Limits.MaxHighScoresTake))).Results
            .Concat((await client.GetHighScoresAsync(new GetHighScores(Game: "puzzle", Take: Limits.MaxHighScoresTake))).Results);
        Assert.Multiple(() =>
        {
            Assert.That(stats.Total, Is.EqualTo(sessions.Count), "total");
            Assert.That(stats.Active, Is.EqualTo(sessions.Count(s => s.Status == SessionStatus.Active)), "active");
            Assert.That(stats.Completed, Is.EqualTo(sessions.Count(s => s.Status == SessionStatus.Completed)), "completed");
            Assert.That(stats.Abandoned, Is.EqualTo(sessions.Count(s => s.Status == SessionStatus.Abandoned)), "abandoned");
            Assert.That(highScores.Select(h => h.SessionId).Order(),
                Is.EqualTo(sessions.Where(s => s is { Status: SessionStatus.Completed, PlayerName: not null, Score: not null })
                    .GroupBy(s => (s.Game, s.PlayerName))
                    .Select(player => player.OrderByDescending(s => s.Score).ThenBy(s => s.EndedAt).First().Id).Order()),
                "each player's best completed session with a score on the board (a new game keeps each player's best), and no other");
        });
    }

    /// <summary>SHA-256 of each named file in <paramref name="directory"/>; for a directory in its place, of the files in it.</summary>
    private static Dictionary<string, string> DigestsOf(string directory, string[] names) =>
        names.SelectMany(name =>
        {
            var path = Path.Combine(directory, name);
            return Directory.Exists(path)
                ? Directory.GetFiles(path).Select(file => (Path.Combine(name, Path.GetFileName(file)), DatabaseDamage.Digest(file)))
                : File.Exists(path) ? [(name, DatabaseDamage.Digest(path))] : [(name, "missing")];
        }).ToDictionary(pair => pair.Item1, pair => pair.Item2);

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        // The running service holds sessionstore.lock exclusively; it is empty and not part of the data.
        foreach (var file in Directory.GetFiles(from).Where(file => Path.GetFileName(file) != "sessionstore.lock"))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        foreach (var folder in Directory.GetDirectories(from)) CopyDirectory(folder, Path.Combine(to, Path.GetFileName(folder)));
    }
}
