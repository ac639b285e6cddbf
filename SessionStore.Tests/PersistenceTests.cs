using System.Data.Common;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SessionStore.ServiceInterface.Storage;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>What survives a restart: everything stored, read back through a new host on the same file.</summary>
public sealed class PersistenceTests
{
    [TestCase(StorageProvider.Sqlite)]
    [TestCase(StorageProvider.PostgreSql)]
    public async Task Sessions_stats_and_high_scores_are_identical_after_a_restart(StorageProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider);
        Snapshot before;
        await using (var first = storage.StartInProcess())
        {
            var client = first.Client();
            await Workload.PlayAsync(client, sessions: 12);
            before = await Snapshot.TakeAsync(client);
        }

        await using var second = storage.StartInProcess();
        var after = await Snapshot.TakeAsync(second.Client());

        Assert.That(after.Sessions, Is.EqualTo(before.Sessions));
        Assert.That(after.Stats, Is.EqualTo(before.Stats));
        Assert.That(after.HighScores, Is.EqualTo(before.HighScores));
        Assert.That(before.Stats.Total, Is.EqualTo(12), "the workload really stored sessions");
    }

    [TestCase(StorageProvider.Sqlite)]
    [TestCase(StorageProvider.PostgreSql)]
    public async Task A_session_started_before_a_restart_takes_writes_with_its_token_after_it_and_no_others(StorageProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider);
        CreateSessionResponse started;
        await using (var first = storage.StartInProcess())
            started = await first.Client().CreateSessionAsync(new CreateSession { PlayerName = "Ann" });

        // The new process has not seen the session's token: its first write is checked against the stored hash.
        await using var second = storage.StartInProcess();
        var client = second.Client();
        var wrong = Assert.ThrowsAsync<SessionStoreApiException>(() => client.UpdateSessionAsync(new UpdateSession { Id = started.Session.Id, Score = 1 }, "not-its-token"));
        var updated = await client.UpdateSessionAsync(new UpdateSession { Id = started.Session.Id, Score = 2 }, started.Token);
        var completed = await client.CompleteSessionAsync(new CompleteSession { Id = started.Session.Id, Score = 3 }, started.Token);

        Assert.That(wrong!.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(updated.Score, Is.EqualTo(2));
        Assert.That((completed.Status, completed.Score), Is.EqualTo((SessionStatus.Completed, (long?)3)));
    }

    [Test]
    public async Task Once_the_database_is_closing_writes_get_a_503_problem_reads_go_on_and_readiness_says_why()
    {
        using var directory = new TemporaryDirectory();
        await using var service = new InProcessService(directory.Path);
        var client = service.Client();
        var stored = await client.CreateSessionAsync(new CreateSession { PlayerName = "before" });

        await service.Services.GetRequiredService<DatabaseLifetime>().StopAsync(CancellationToken.None);
        var refusal = Assert.ThrowsAsync<SessionStoreApiException>(() => client.CreateSessionAsync(new CreateSession { PlayerName = "too late" }))!;
        var readiness = await Readiness.ReadAsync(service.CreateClient());

        Assert.That(refusal.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(refusal.Problem?.Detail, Does.Contain("shutting down"));
        Assert.That((await client.GetSessionAsync(new GetSession { Id = stored.Session.Id })).PlayerName, Is.EqualTo("before"));
        Assert.That(readiness.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(readiness.Description, Does.Contain("shutting down"));
    }

    [Test]
    public async Task A_missing_data_directory_is_created_and_the_service_starts_empty()
    {
        using var directory = new TemporaryDirectory();
        var dataDirectory = directory.Combine("not", "there", "yet");

        await using var service = new InProcessService(dataDirectory);
        var stats = await service.Client().GetStatsAsync(new GetStats());

        Assert.That(File.Exists(Path.Combine(dataDirectory, "sessionstore.db")));
        Assert.That(stats.Sessions, Is.EqualTo(new SessionStats(0, 0, 0, 0, 0, 0)));
    }

    [Test]
    public async Task A_relative_data_directory_resolves_against_the_working_directory()
    {
        using var directory = new TemporaryDirectory();
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = directory.Path;
        try
        {
            await using var service = new InProcessService("relative-data");
            await service.Client().GetStatsAsync(new GetStats());
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }

        Assert.That(File.Exists(directory.Combine("relative-data", "sessionstore.db")));
    }

    [TestCase(StorageProvider.Sqlite)]
    [TestCase(StorageProvider.PostgreSql)]
    public async Task The_service_is_ready_at_the_latest_schema_version(StorageProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider);
        await using var service = storage.StartInProcess();

        using var response = await service.CreateClient().GetAsync("health/ready");
        var health = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<HealthResponse>(response.Content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(health!.Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That(health.Description, Does.Contain($"schema version {DatabaseMigrator.NewestVersion}."));
    }

    [TestCase(StorageProvider.Sqlite)]
    [TestCase(StorageProvider.PostgreSql)]
    public async Task A_sessions_only_database_upgrades_with_every_session_intact(StorageProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider);
        var connectionString = storage.ConnectionString ?? $"Data Source={storage.Directory.Combine("sessionstore.db")}";
        OlderSchema.MigrateTo(provider, connectionString, 1);
        var day = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds();
        await using (var connection = provider == StorageProvider.Sqlite ? (DbConnection)new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            InsertVersion1Session(connection, "0197c0de-0000-7000-8000-000000000001", "Ann", "active", null, day, day + 540_000, null);
            InsertVersion1Session(connection, "0197c0de-0000-7000-8000-000000000002", "Bob", "completed", 300, day, day + 60_000, day + 60_000);
            InsertVersion1Session(connection, "0197c0de-0000-7000-8000-000000000003", null, "completed", 900, day, day + 30_000, day + 30_000);
            InsertVersion1Session(connection, "0197c0de-0000-7000-8000-000000000004", "Cy", "abandoned", 50, day, day + 1_000, day + 1_000);
        }
        SqliteConnection.ClearAllPools();

        await using var service = storage.StartInProcess();
        var client = service.Client();
        var sessions = await client.QuerySessionsAsync(new QuerySessions());
        var stats = await client.GetStatsAsync(new GetStats());
        var highScores = await client.GetHighScoresAsync(new GetHighScores());
        var bob = await client.GetSessionAsync(new GetSession { Id = Guid.Parse("0197c0de-0000-7000-8000-000000000002") });
        var rules = (await client.GetGameAsync(new GetGame(Limits.DefaultGame))).Rules;
        var weekOfBob = await client.GetHighScoresAsync(new GetHighScores(Period: BoardPeriod.Week, At: bob.EndedAt));

        Assert.Multiple(() =>
        {
            Assert.That(sessions.Total, Is.EqualTo(4));
            Assert.That(bob.Score, Is.EqualTo(300));
            Assert.That(bob.DurationSeconds, Is.EqualTo(60));
            Assert.That(stats.Sessions, Is.EqualTo(new SessionStats(4, 1, 2, 1, 4, 45)));
            Assert.That(highScores.Results.Select(h => (h.PlayerName, h.Score)), Is.EqualTo(new[] { ("Bob", 300L) }),
                "the completed, named session with a score was entered by the upgrade");
            Assert.That(weekOfBob.Results.Select(h => h.PlayerName), Is.EqualTo(new[] { "Bob" }), "and put on the boards of its periods");
            Assert.That(rules.Entries, Is.EqualTo(BoardEntries.EverySession), "a game played before boards keeps ranking every session, as its high scores did");
        });
    }

    /// <summary>A session row as version 1 stores it (later versions only add nullable columns to it).</summary>
    internal static void InsertVersion1Session(DbConnection connection, string id, string? player, string status, long? score, long startedAt, long lastSeenAt, long? endedAt,
        string game = Limits.DefaultGame, string? metadata = null)
    {
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO sessions (id, token_hash, player_name, game, status, score, started_at, last_seen_at, ended_at, metadata)
            VALUES (@id, @tokenHash, @player, @game, @status, @score, @startedAt, @lastSeenAt, @endedAt, @metadata)
            """;
        foreach (var (name, value) in new (string, object?)[]
                 {
                     ("id", id), ("tokenHash", new byte[32]), ("player", player), ("status", status), ("score", score),
                     ("startedAt", startedAt), ("lastSeenAt", lastSeenAt), ("endedAt", endedAt), ("game", game), ("metadata", metadata),
                 })
        {
            var parameter = insert.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value ?? DBNull.Value;
            insert.Parameters.Add(parameter);
        }
        insert.ExecuteNonQuery();
    }
}
