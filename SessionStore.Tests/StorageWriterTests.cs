using LinqToDB;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Stats;
using SessionStore.ServiceInterface.Storage;
using SessionStore.ServiceInterface.Storage.Sqlite;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>
/// The single writer's group commit on a real database file: writes queued together share one transaction and
/// one commit, each is answered only after that commit, one that fails is rolled back alone, and reads go on
/// beside an open write transaction (WAL).
/// </summary>
public sealed class StorageWriterTests : DataDirectoryPerTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    [Test]
    public async Task A_failing_write_fails_only_itself_and_the_rest_of_its_batch_commits_without_it()
    {
        await using var service = new InProcessService(DataFolder.Path);
        var writer = Writer(service);
        var writes = service.Services.GetRequiredService<SessionWrites>();
        using var busy = new HeldWriter(writer, writes, "busy");
        busy.WaitUntilRunning(); // the next four writes queue meanwhile, so the writer takes them as one batch

        var before = writer.WriteAsync(db => CreateSession(writes, db, "before"));
        var thrown = writer.WriteAsync<string>(db =>
        {
            CreateSession(writes, db, "doomed"); // a row and counter changes, then a failure: all of it must go
            throw new InvalidOperationException("this write fails on purpose");
        });
        var refused = writer.WriteAsync(db => db.Insert(new SessionRecord
        {
            Id = db.Sessions.Select(s => s.Id).First(), // the primary key of a session that exists: SQLite refuses it
            TokenHash = new byte[32],
            Game = "default",
            Status = SessionStatusText.Active,
        }));
        var after = writer.WriteAsync(db => CreateSession(writes, db, "after"));
        await busy.ReleaseAsync();

        Assert.That(await before.WaitAsync(Patience), Is.Not.Null);
        Assert.That(await after.WaitAsync(Patience), Is.Not.Null);
        Assert.ThrowsAsync<InvalidOperationException>(() => thrown.WaitAsync(Patience), "the delegate's own exception reaches its caller");
        Assert.That(Assert.CatchAsync<SqliteException>(() => refused.WaitAsync(Patience))!.SqliteErrorCode, Is.EqualTo(SqliteErrors.Constraint));
        await using var db = service.Services.GetRequiredService<IStorageProvider>().OpenReader();
        Assert.That(db.Sessions.Select(s => s.PlayerName).OrderBy(p => p).ToList(), Is.EqualTo(new[] { "after", "before", "busy" }),
            "the failed write's row is gone, the others' are stored");
        Assert.That(db.SessionTotals.Single().Total, Is.EqualTo(3), "the failed write's counter change was rolled back with its row");
    }

    [Test]
    public async Task A_write_is_answered_only_after_the_commit_of_its_batch_and_reads_go_on_meanwhile()
    {
        await using var service = new InProcessService(DataFolder.Path);
        var client = service.Client();
        var committed = await client.CreateSessionAsync(new CreateSession { PlayerName = "committed" });
        var writer = Writer(service);
        var writes = service.Services.GetRequiredService<SessionWrites>();

        using var busy = new HeldWriter(writer, writes, "busy");
        busy.WaitUntilRunning();
        var early = writer.WriteAsync(db => CreateSession(writes, db, "early"));
        using var held = new HeldWriter(writer, writes, "held"); // queued right behind "early", so the writer takes both as its next batch
        await busy.ReleaseAsync();
        held.WaitUntilRunning(); // "early" has run; its transaction stays open while this write is held
        await Task.Delay(TimeSpan.FromMilliseconds(200));

        Assert.That(early.IsCompleted, Is.False, "'early' has run, but its batch has not committed, so it is not answered yet");
        var read = await client.GetSessionAsync(new GetSession { Id = committed.Session.Id }).WaitAsync(Patience);
        var stats = await client.GetStatsAsync(new GetStats()).WaitAsync(Patience);
        Assert.That(read.PlayerName, Is.EqualTo("committed"), "a read beside the open write transaction answers");
        Assert.That(stats.Sessions.Total, Is.EqualTo(2), "and sees only what has committed: 'committed' and 'busy'");

        await held.ReleaseAsync();
        var earlyId = await early.WaitAsync(Patience);
        Assert.That((await client.GetSessionAsync(new GetSession { Id = Guid.Parse(earlyId) })).PlayerName, Is.EqualTo("early"));
    }

    private static StorageWriter Writer(InProcessService service)
    {
        _ = service.Server; // starts the host, and with it the database and the writer
        return service.Services.GetRequiredService<StorageWriter>();
    }

    private static string CreateSession(SessionWrites writes, SessionStoreDb db, string playerName) =>
        writes.Create(db, new CreateSession { PlayerName = playerName }, new byte[32], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()).Id;

    /// <summary>A write that keeps the writer inside its transaction until released, so writes queued meanwhile wait for the same commit.</summary>
    private sealed class HeldWriter : IDisposable
    {
        private readonly ManualResetEventSlim running = new();
        private readonly ManualResetEventSlim release = new();
        private readonly Task<string> write;

        public HeldWriter(StorageWriter writer, SessionWrites writes, string playerName)
        {
            write = writer.WriteAsync(db =>
            {
                var id = CreateSession(writes, db, playerName);
                running.Set();
                release.Wait(Patience);
                return id;
            });
        }

        public void WaitUntilRunning() => Assert.That(running.Wait(Patience), "the held write started");

        public async Task ReleaseAsync()
        {
            release.Set();
            await write.WaitAsync(Patience);
        }

        public void Dispose()
        {
            release.Set();
            running.Dispose();
            release.Dispose();
        }
    }
}
