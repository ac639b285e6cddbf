using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SessionStore.ServiceInterface.Storage;
using SessionStore.ServiceInterface.Storage.PostgreSql;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>
/// Several SessionStore processes on one PostgreSQL database behave as one service: whatever one stores, every
/// other reads and changes; migrations run once; the sweep counts each session once; and killing one under load
/// loses nothing it acknowledged while the other keeps serving.
/// </summary>
[NonParallelizable]
public sealed class MultiInstanceTests
{
    private const int WritersPerInstance = 4;

    [Test]
    public async Task Migrations_started_together_from_several_places_run_once()
    {
        await using var storage = await TestStorage.CreateAsync(StorageProvider.PostgreSql);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            PostgreSqlStorage.MigrateToLatest(storage.ConnectionString!, NullLoggerFactory.Instance))));

        Assert.That(await AppliedMigrationsAsync(storage), Is.EqualTo(EveryMigrationOnce));
    }

    [Test]
    public async Task A_session_started_on_one_instance_is_read_changed_and_completed_through_the_other()
    {
        await using var instances = await TwoInstances.StartAsync();
        var (a, b) = (instances.A.Client, instances.B.Client);

        var created = await a.CreateSessionAsync(new CreateSession { PlayerName = "Ann", Game = "relay" });
        var readOnB = await b.GetSessionAsync(new GetSession { Id = created.Session.Id });
        var updatedOnB = await b.UpdateSessionAsync(new UpdateSession { Id = created.Session.Id, Score = 40 }, created.Token);
        var completedOnA = await a.CompleteSessionAsync(new CompleteSession { Id = created.Session.Id }, created.Token);
        var lateWriteOnB = Assert.ThrowsAsync<SessionStoreApiException>(() =>
            b.UpdateSessionAsync(new UpdateSession { Id = created.Session.Id, Score = 99 }, created.Token));

        Assert.Multiple(async () =>
        {
            Assert.That(readOnB.PlayerName, Is.EqualTo("Ann"));
            Assert.That(updatedOnB.Score, Is.EqualTo(40));
            Assert.That(completedOnA.Status, Is.EqualTo(SessionStatus.Completed));
            Assert.That(completedOnA.Score, Is.EqualTo(40), "A saw B's score");
            Assert.That(lateWriteOnB!.Status, Is.EqualTo(System.Net.HttpStatusCode.Conflict), "B saw A's completion");
            Assert.That((await b.GetHighScoresAsync(new GetHighScores(Game: "relay"))).Results.Select(h => h.SessionId),
                Is.EqualTo(new[] { created.Session.Id }));
            Assert.That((await b.GetStatsAsync(new GetStats())).Sessions, Is.EqualTo((await a.GetStatsAsync(new GetStats())).Sessions));
            Assert.That(await AppliedMigrationsAsync(instances.Storage), Is.EqualTo(EveryMigrationOnce), "two instances started together migrated once");
        });
    }

    [Test]
    public async Task Every_instance_sweeps_and_each_abandoned_session_is_counted_once()
    {
        await using var instances = await TwoInstances.StartAsync(new Dictionary<string, string>
        {
            ["Sessions__AbandonAfter"] = "00:00:01",
            ["Sessions__SweepInterval"] = "00:00:00.100",
        });
        var (a, b) = (instances.A.Client, instances.B.Client);
        const int sessions = 60;

        await Task.WhenAll(Enumerable.Range(0, sessions).Select(i => (i % 2 == 0 ? a : b).CreateSessionAsync(new CreateSession())));

        var swept = await Eventually.Until(() => a.GetStatsAsync(new GetStats()), s => s.Sessions.Active == 0, TimeSpan.FromMinutes(1));
        var abandonedRows = await a.QuerySessionsAsync(new QuerySessions(Status: SessionStatus.Abandoned, Take: Limits.MaxQueryTake));
        Assert.Multiple(async () =>
        {
            Assert.That(swept.Sessions.Abandoned, Is.EqualTo(sessions), "each session counted once, though both instances swept");
            Assert.That(swept.Sessions.Total, Is.EqualTo(sessions));
            Assert.That(abandonedRows.Total, Is.EqualTo(sessions));
            Assert.That((await b.GetStatsAsync(new GetStats())).Sessions, Is.EqualTo(swept.Sessions));
        });
    }

    [Test]
    public async Task Killing_one_instance_under_load_loses_nothing_it_acknowledged_and_the_other_keeps_serving()
    {
        await using var instances = await TwoInstances.StartAsync();
        var acknowledged = new AcknowledgedWrites();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 2 * WritersPerInstance)
            .Select(i => acknowledged.WriteUntilKilledAsync((i % 2 == 0 ? instances.A : instances.B).Client, stop.Token)).ToArray();

        await acknowledged.WaitForWritesAsync(40 * WritersPerInstance);
        await instances.A.KillAsync();
        // Only B can acknowledge from here on: these writes are B serving on while A is gone.
        await acknowledged.WaitForWritesAsync(20 * WritersPerInstance);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var throughB = await Snapshot.TakeAsync(instances.B.Client);
        acknowledged.AssertAllPresent(throughB, "read through the surviving instance");
        await using var restartedA = await instances.RestartAAsync();
        var throughA = await Snapshot.TakeAsync(restartedA.Client);
        acknowledged.AssertAllPresent(throughA, "read through the killed instance, restarted");
        Assert.Multiple(() =>
        {
            Assert.That(throughA.Sessions, Is.EqualTo(throughB.Sessions), "the same sessions from both");
            Assert.That(throughA.Stats, Is.EqualTo(throughB.Stats), "the same stats from both");
            Assert.That(throughA.HighScores, Is.EqualTo(throughB.HighScores), "the same high scores from both");
        });
    }

    /// <summary>The versions of this build's migrations, each once: their numbers need not be consecutive (branches reserve theirs).</summary>
    private static readonly long[] EveryMigrationOnce = [.. typeof(DatabaseMigrator).Assembly.GetTypes()
        .Select(type => type.GetCustomAttribute<FluentMigrator.MigrationAttribute>()?.Version).OfType<long>().Order()];

    private static async Task<List<long>> AppliedMigrationsAsync(TestStorage storage)
    {
        await using var connection = new NpgsqlConnection(storage.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT \"Version\" FROM \"VersionInfo\" ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<long>();
        while (await reader.ReadAsync()) versions.Add(reader.GetInt64(0));
        return versions;
    }

    /// <summary>A fresh PostgreSQL database and two SessionStore processes on it, started together, each with a data directory of its own.</summary>
    private sealed class TwoInstances : IAsyncDisposable
    {
        private readonly TemporaryDirectory dataA = new();
        private readonly TemporaryDirectory dataB = new();
        private readonly IDictionary<string, string> settings;
        private readonly Task<ServiceProcess> startA;
        private readonly Task<ServiceProcess> startB;

        private TwoInstances(TestStorage storage, IDictionary<string, string> settings)
        {
            Storage = storage;
            this.settings = settings;
            startA = StartOnAsync(dataA);
            startB = StartOnAsync(dataB);
        }

        public TestStorage Storage { get; }
        public ServiceProcess A => startA.Result;
        public ServiceProcess B => startB.Result;

        public static async Task<TwoInstances> StartAsync(IDictionary<string, string>? settings = null)
        {
            var instances = new TwoInstances(await TestStorage.CreateAsync(StorageProvider.PostgreSql), settings ?? new Dictionary<string, string>());
            try
            {
                await Task.WhenAll(instances.startA, instances.startB);
                return instances;
            }
            catch
            {
                await instances.DisposeAsync();
                throw;
            }
        }

        /// <summary>A again, on its data directory, after it was killed.</summary>
        public Task<ServiceProcess> RestartAAsync() => StartOnAsync(dataA);

        private Task<ServiceProcess> StartOnAsync(TemporaryDirectory data)
        {
            var environment = Storage.Environment;
            foreach (var (key, value) in settings) environment[key] = value;
            return TestProcesses.StartAsync(data.Path, environment);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var start in new[] { startA, startB })
                if (start.IsCompletedSuccessfully) await start.Result.DisposeAsync();
            await Storage.DisposeAsync();
            dataA.Dispose();
            dataB.Dispose();
        }
    }
}
