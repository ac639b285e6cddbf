using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SessionStore.ServiceInterface.Storage;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.PostgreSql)]
public sealed class AbandonedSessionSweepTests(StorageProvider provider)
{
    [Test]
    public async Task A_session_with_no_heartbeat_for_the_configured_time_is_marked_abandoned()
    {
        await using var storage = await TestStorage.CreateAsync(provider);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var service = storage.StartInProcess(new Dictionary<string, string?> { ["Sessions:AbandonAfter"] = "00:30:00", ["Sessions:SweepInterval"] = "00:01:00" },
            s => s.AddSingleton<TimeProvider>(clock));
        var client = service.Client();
        var silent = await client.CreateSessionAsync(new CreateSession());
        var playing = await client.CreateSessionAsync(new CreateSession());

        clock.Advance(TimeSpan.FromMinutes(20));
        await client.UpdateSessionAsync(new UpdateSession { Id = playing.Session.Id, Score = 1 }, playing.Token);
        for (var minute = 0; minute < 11; minute++) clock.Advance(TimeSpan.FromMinutes(1));

        var swept = await Eventually.Until(() => client.GetSessionAsync(new GetSession { Id = silent.Session.Id }), s => s.Status == SessionStatus.Abandoned);
        var stillPlaying = await client.GetSessionAsync(new GetSession { Id = playing.Session.Id });
        var stats = await client.GetStatsAsync(new GetStats());

        Assert.Multiple(() =>
        {
            Assert.That(swept.EndedAt, Is.EqualTo(silent.Session.LastSeenAt), "it ended at its last heartbeat");
            Assert.That(stillPlaying.Status, Is.EqualTo(SessionStatus.Active));
            Assert.That(stats.Sessions.Active, Is.EqualTo(1));
            Assert.That(stats.Sessions.Abandoned, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Sessions_left_active_by_a_stop_are_swept_soon_after_the_next_start()
    {
        await using var storage = await TestStorage.CreateAsync(provider);
        var settings = new Dictionary<string, string?> { ["Sessions:AbandonAfter"] = "00:00:01", ["Sessions:SweepInterval"] = "01:00:00" };
        Guid id;
        await using (var before = storage.StartInProcess(settings))
            id = (await before.Client().CreateSessionAsync(new CreateSession())).Session.Id;
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        await using var after = storage.StartInProcess(settings);
        var client = after.Client();

        var session = await Eventually.Until(() => client.GetSessionAsync(new GetSession { Id = id }), s => s.Status == SessionStatus.Abandoned);
        Assert.That(session.Status, Is.EqualTo(SessionStatus.Abandoned));
    }
}
