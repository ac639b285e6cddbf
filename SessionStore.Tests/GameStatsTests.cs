using System.Data.Common;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using LinqToDB;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Stats;
using SessionStore.ServiceInterface.Storage;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.PostgreSql)]
public sealed class GameStatsTests(StorageProvider provider)
{
    private static readonly DateTime FirstDay = new(2026, 3, 10, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime SecondDay = FirstDay.AddDays(1);

    /// <summary>
    /// On the first day, at noon, four sessions start: tetris's first completes after 12 s, its second after 25 s, its
    /// third is abandoned after 70 s at level 2, and a chess session completes. At noon on the second day two tetris
    /// sessions start: one at level 1 is abandoned after 10 s, the other stays active.
    /// </summary>
    private static async Task PlayTwoDaysAsync(SessionStoreClient client, FakeTimeProvider clock)
    {
        clock.SetUtcNow(FirstDay.AddHours(12));
        var twelve = await client.CreateSessionAsync(new CreateSession { Game = "tetris" });
        var twentyFive = await client.CreateSessionAsync(new CreateSession { Game = "tetris" });
        var quits = await client.CreateSessionAsync(new CreateSession { Game = "tetris", Metadata = new JsonObject { ["level"] = 1 } });
        var chess = await client.CreateSessionAsync(new CreateSession { Game = "chess" });
        clock.Advance(TimeSpan.FromSeconds(12));
        await client.CompleteSessionAsync(new CompleteSession { Id = twelve.Session.Id }, twelve.Token);
        await client.CompleteSessionAsync(new CompleteSession { Id = chess.Session.Id }, chess.Token);
        clock.Advance(TimeSpan.FromSeconds(13));
        await client.CompleteSessionAsync(new CompleteSession { Id = twentyFive.Session.Id }, twentyFive.Token);
        await client.UpdateSessionAsync(new UpdateSession { Id = quits.Session.Id, Metadata = new JsonObject { ["level"] = 2 } }, quits.Token);
        clock.Advance(TimeSpan.FromSeconds(45));
        await client.AbandonSessionAsync(new AbandonSession { Id = quits.Session.Id }, quits.Token);

        clock.SetUtcNow(SecondDay.AddHours(12));
        var quitsEarly = await client.CreateSessionAsync(new CreateSession { Game = "tetris", Metadata = new JsonObject { ["level"] = 1 } });
        clock.Advance(TimeSpan.FromSeconds(10));
        await client.CreateSessionAsync(new CreateSession { Game = "tetris" });
        clock.Advance(TimeSpan.FromSeconds(10));
        await client.AbandonSessionAsync(new AbandonSession { Id = quitsEarly.Session.Id }, quitsEarly.Token);
    }

    private async Task<(TestStorage Storage, InProcessService Service, SessionStoreClient Client)> StartAfterTwoDaysAsync()
    {
        var storage = await TestStorage.CreateAsync(provider);
        var clock = new FakeTimeProvider(FirstDay);
        var service = storage.StartInProcess(configureServices: s => s.AddSingleton<TimeProvider>(clock));
        var client = service.Client();
        await PlayTwoDaysAsync(client, clock);
        return (storage, service, client);
    }

    [Test]
    public async Task Daily_stats_count_each_days_sessions_of_one_game_by_the_day_they_started()
    {
        var (storage, service, client) = await StartAfterTwoDaysAsync();
        await using var _ = storage;
        await using var __ = service;

        var daily = await client.GetDailyStatsAsync(new GetDailyStats("tetris", FirstDay, SecondDay.AddDays(1)));

        Assert.That(daily, Is.EqualTo(new DailyStatsResponse("tetris", FirstDay, SecondDay.AddDays(1), daily.Days)));
        Assert.That(daily.Days, Is.EqualTo(new[]
        {
            new DayStats(FirstDay, Started: 3, Completed: 2, Abandoned: 1, CompletionRate: 2.0 / 3,
                MeanDurationSeconds: 18.5, P50DurationSeconds: 15, P90DurationSeconds: 30),
            new DayStats(SecondDay, Started: 2, Completed: 0, Abandoned: 1, CompletionRate: 0, null, null, null),
            new DayStats(SecondDay.AddDays(1), 0, 0, 0, null, null, null, null),
        }), "12 s falls in the bucket below 15 s, 25 s in the one below 30 s");
    }

    [Test]
    public async Task Drop_off_counts_abandoned_sessions_by_their_last_level_and_minute_of_play()
    {
        var (storage, service, client) = await StartAfterTwoDaysAsync();
        await using var _ = storage;
        await using var __ = service;

        var both = await client.GetDropOffAsync(new GetDropOff("tetris", FirstDay, SecondDay));
        var secondOnly = await client.GetDropOffAsync(new GetDropOff("tetris", SecondDay, SecondDay));

        Assert.Multiple(() =>
        {
            Assert.That(both.Abandoned, Is.EqualTo(2));
            Assert.That(both.ByLevel, Is.EqualTo(new[] { new DropOffCount(1, 1), new DropOffCount(2, 1) }), "the level of the last heartbeat counts");
            Assert.That(both.ByMinute, Is.EqualTo(new[] { new DropOffCount(0, 1), new DropOffCount(1, 1) }), "70 s is in the second minute");
            Assert.That(secondOnly.ByLevel, Is.EqualTo(new[] { new DropOffCount(1, 1) }));
            Assert.That(secondOnly.ByMinute, Is.EqualTo(new[] { new DropOffCount(0, 1) }));
        });
    }

    [Test]
    public async Task Stats_of_one_game_count_only_its_sessions()
    {
        var (storage, service, client) = await StartAfterTwoDaysAsync();
        await using var _ = storage;
        await using var __ = service;

        var tetris = await client.GetStatsAsync(new GetStats("tetris"));
        var chess = await client.GetStatsAsync(new GetStats("chess"));
        var nobody = await client.GetStatsAsync(new GetStats("go"));

        Assert.Multiple(() =>
        {
            Assert.That(tetris.Sessions, Is.EqualTo(new SessionStats(
                Total: 5, Active: 1, Completed: 2, Abandoned: 2, StartedLast24Hours: 2, AverageDurationSeconds: 18.5)),
                "the first day's sessions started 24 hours and 10 s ago");
            Assert.That(chess.Sessions, Is.EqualTo(new SessionStats(1, 0, 1, 0, 0, 12)));
            Assert.That(nobody.Sessions, Is.EqualTo(new SessionStats(0, 0, 0, 0, 0, 0)));
        });
    }

    [Test]
    public async Task A_range_longer_than_366_days_is_refused()
    {
        await using var storage = await TestStorage.CreateAsync(provider);
        await using var service = storage.StartInProcess();
        var client = service.Client();

        var daily = Assert.ThrowsAsync<SessionStoreApiException>(() =>
            client.GetDailyStatsAsync(new GetDailyStats("tetris", FirstDay, FirstDay.AddDays(366))));
        var dropOff = Assert.ThrowsAsync<SessionStoreApiException>(() =>
            client.GetDropOffAsync(new GetDropOff("tetris", FirstDay, FirstDay.AddDays(366))));
        var backwards = Assert.ThrowsAsync<SessionStoreApiException>(() =>
            client.GetDailyStatsAsync(new GetDailyStats("tetris", SecondDay, FirstDay)));
        var longest = await client.GetDailyStatsAsync(new GetDailyStats("tetris", FirstDay, FirstDay.AddDays(365)));

        Assert.Multiple(() =>
        {
            Assert.That(daily.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(daily.Problem?.Errors?.Keys, Is.EqualTo(new[] { "to" }));
            Assert.That(dropOff.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(backwards.Problem?.Errors?.Keys, Is.EqualTo(new[] { "from" }));
            Assert.That(longest.Days, Has.Count.EqualTo(366));
        });
    }

    /// <summary>
    /// A writer that calls the hooks once per batch may name one session several times, each change with the row as it
    /// then was: the tables must come to what a recount from the sessions gives.
    /// </summary>
    [Test]
    public async Task A_batch_naming_one_session_several_times_counts_like_a_recount_of_the_sessions()
    {
        var (storage, service, _) = await StartAfterTwoDaysAsync();
        await using var _storage = storage;
        await using var _service = service;
        var writer = service.Services.GetRequiredService<StorageWriter>();
        var start = UnixTimeOf(SecondDay.AddHours(13));
        SessionRecord Row(string status, long lastSeen, long? ended, string metadata) => new()
        {
            Id = Guid.CreateVersion7().ToString(), TokenHash = new byte[32], Game = "tetris", Status = status,
            StartedAt = start, LastSeenAt = lastSeen, EndedAt = ended, Metadata = metadata,
        };

        await writer.WriteAsync(db =>
        {
            var started = Row(SessionStatusText.Active, start, null, """{"level":1}""");
            var heartbeat = Row(SessionStatusText.Active, start + 5_000, null, """{"level":4}""");
            var abandoned = Row(SessionStatusText.Abandoned, start + 95_000, start + 95_000, """{"level":4}""");
            heartbeat.Id = abandoned.Id = started.Id;
            db.Insert(abandoned);
            new GameDays().Apply(db, [
                new SessionChange(started, null, SessionStatus.Active),
                new SessionChange(heartbeat, SessionStatus.Active, SessionStatus.Active),
                new SessionChange(abandoned, SessionStatus.Active, SessionStatus.Abandoned),
            ]);
            return 0;
        });
        var kept = await ReadGameDaysAsync(service);
        await writer.WriteAsync(db =>
        {
            new GameDaysFromSessions().Rebuild(db);
            return 0;
        });
        var recounted = await ReadGameDaysAsync(service);

        Assert.That(kept, Is.EqualTo(recounted));
        Assert.That(kept, Does.Contain("tetris day 20523: 3 started, 0 completed, 2 abandoned, 0 ms"), "the second day, with the batch's session");
        Assert.That(kept, Does.Contain("tetris day 20523 level 4: 1"));
        Assert.That(kept, Does.Contain("tetris day 20523 minute 1: 1"));
    }

    [Test]
    public async Task A_database_from_before_per_game_stats_upgrades_with_its_sessions_counted_per_day()
    {
        var storage = await TestStorage.CreateAsync(provider);
        await using var _storage = storage;
        var connectionString = storage.ConnectionString ?? $"Data Source={storage.Directory.Combine("sessionstore.db")}";
        OlderSchema.MigrateTo(provider, connectionString, 6);
        var noon = UnixTimeOf(FirstDay.AddHours(12));
        // The active session was seen just now, so the startup sweep leaves it active.
        await using (var connection = provider == StorageProvider.Sqlite ? (DbConnection)new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            var sessions = new (string Status, long DurationMs, string? Metadata)[]
            {
                ("completed", 12_000, null), ("completed", 25_000, """{"level":7}"""), ("abandoned", 70_000, """{"level":2}"""),
                ("abandoned", 10_000, """{"level":"two"}"""), ("abandoned", 130_000, """{"level":2.5}"""), ("active", 0, """{"level":1}"""),
                ("abandoned", 18_000_000, """{"level":5000}"""), ("abandoned", 60_000, """{"level":-3}"""),
            };
            foreach (var (index, (status, durationMs, metadata)) in sessions.Index())
                PersistenceTests.InsertVersion1Session(connection, $"0197c0de-0000-7000-8000-00000000000{index}", null, status, null,
                    noon, status == "active" ? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() : noon + durationMs, status == "active" ? null : noon + durationMs, "tetris", metadata);
        }
        SqliteConnection.ClearAllPools();

        await using var service = storage.StartInProcess();
        var upgraded = await ReadGameDaysAsync(service);
        await service.Services.GetRequiredService<StorageWriter>().WriteAsync(db =>
        {
            new GameDaysFromSessions().Rebuild(db);
            return 0;
        });

        Assert.That(upgraded, Is.EqualTo(await ReadGameDaysAsync(service)), "the migration counts as a recount does");
        Assert.That(upgraded, Is.EqualTo(new[]
        {
            "tetris day 20522: 8 started, 2 completed, 5 abandoned, 37000 ms",
            "tetris day 20522 bucket 2: 1",
            "tetris day 20522 bucket 4: 1",
            "tetris day 20522 level 2: 1",
            "tetris day 20522 level 1000: 1",
            "tetris day 20522 minute 0: 1",
            "tetris day 20522 minute 1: 2",
            "tetris day 20522 minute 2: 1",
            "tetris day 20522 minute 240: 1",
        }), "only an integer level from 0 counts, and levels and minutes past the caps count at the cap; 12 s is below 15 s (bucket 2), 25 s below 30 s (bucket 4)");
    }

    private static long UnixTimeOf(DateTime time) => new DateTimeOffset(time).ToUnixTimeMilliseconds();

    /// <summary>Every row of the three per-game tables, as sentences; rows that count nothing are left out, as a recount leaves them.</summary>
    private static async Task<List<string>> ReadGameDaysAsync(InProcessService service)
    {
        await using var db = service.Services.GetRequiredService<IStorageProvider>().OpenReader();
        return
        [
            .. db.GameDays.Where(d => d.Started != 0).OrderBy(d => d.Game).ThenBy(d => d.Day).AsEnumerable()
                .Select(d => $"{d.Game} day {d.Day}: {d.Started} started, {d.Completed} completed, {d.Abandoned} abandoned, {d.CompletedDurationMs} ms"),
            .. db.GameDayDurations.Where(d => d.Completed != 0).OrderBy(d => d.Game).ThenBy(d => d.Day).ThenBy(d => d.Bucket).AsEnumerable()
                .Select(d => $"{d.Game} day {d.Day} bucket {d.Bucket}: {d.Completed}"),
            .. db.GameDayDropOffs.Where(d => d.Abandoned != 0).OrderBy(d => d.Game).ThenBy(d => d.Day).ThenBy(d => d.Axis).ThenBy(d => d.Value).AsEnumerable()
                .Select(d => $"{d.Game} day {d.Day} {(d.Axis == GameDayDropOffRecord.LevelAxis ? "level" : "minute")} {d.Value}: {d.Abandoned}"),
        ];
    }
}
