using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SessionStore.ServiceInterface.Storage;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.PostgreSql)]
public sealed class StatsTests(StorageProvider provider)
{
    [Test]
    public async Task Stats_count_sessions_by_status_and_average_the_completed_durations()
    {
        await using var storage = await TestStorage.CreateAsync(provider);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var service = storage.StartInProcess(configureServices: s => s.AddSingleton<TimeProvider>(clock));
        var client = service.Client();

        var ten = await client.CreateSessionAsync(new CreateSession());
        var thirty = await client.CreateSessionAsync(new CreateSession());
        var quit = await client.CreateSessionAsync(new CreateSession());
        await client.CreateSessionAsync(new CreateSession());
        clock.Advance(TimeSpan.FromSeconds(10));
        await client.CompleteSessionAsync(new CompleteSession { Id = ten.Session.Id }, ten.Token);
        await client.AbandonSessionAsync(new AbandonSession { Id = quit.Session.Id }, quit.Token);
        clock.Advance(TimeSpan.FromSeconds(20));
        await client.CompleteSessionAsync(new CompleteSession { Id = thirty.Session.Id }, thirty.Token);

        var stats = await client.GetStatsAsync(new GetStats());

        Assert.That(stats.Sessions, Is.EqualTo(new SessionStats(
            Total: 4, Active: 1, Completed: 2, Abandoned: 1, StartedLast24Hours: 4, AverageDurationSeconds: 20)));
    }

    [Test]
    public async Task A_listings_total_counts_the_sessions_of_its_filter()
    {
        using var directory = new TemporaryDirectory();
        await using var service = new InProcessService(directory.Path);
        var client = service.Client();
        var sessions = new List<CreateSessionResponse>();
        for (var i = 0; i < 6; i++) sessions.Add(await client.CreateSessionAsync(new CreateSession { Game = i < 4 ? "chess" : "go" }));
        await client.CompleteSessionAsync(new CompleteSession { Id = sessions[0].Session.Id }, sessions[0].Token);
        await client.CompleteSessionAsync(new CompleteSession { Id = sessions[4].Session.Id }, sessions[4].Token);
        await client.AbandonSessionAsync(new AbandonSession { Id = sessions[1].Session.Id }, sessions[1].Token);

        async Task<long> Total(SessionStatus? status = null, string? game = null) =>
            (await client.QuerySessionsAsync(new QuerySessions(Status: status, Game: game, Take: 1))).Total;

        var totals = new[] { await Total(), await Total(SessionStatus.Active), await Total(SessionStatus.Completed), await Total(SessionStatus.Abandoned), await Total(game: "chess"), await Total(SessionStatus.Completed, "go") };

        Assert.That(totals, Is.EqualTo(new long[] { 6, 3, 2, 1, 4, 1 }),
            "all (though a page holds one), active, completed, abandoned, a game, a game and a status");
    }

    [Test]
    public async Task Started_in_the_last_24_hours_forgets_older_sessions()
    {
        await using var storage = await TestStorage.CreateAsync(provider);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var service = storage.StartInProcess(configureServices: s => s.AddSingleton<TimeProvider>(clock));
        var client = service.Client();

        await client.CreateSessionAsync(new CreateSession());
        clock.Advance(TimeSpan.FromHours(23));
        await client.CreateSessionAsync(new CreateSession());
        var bothInWindow = await client.GetStatsAsync(new GetStats());
        clock.Advance(TimeSpan.FromHours(2));
        var oneInWindow = await client.GetStatsAsync(new GetStats());

        Assert.That(bothInWindow.Sessions.StartedLast24Hours, Is.EqualTo(2));
        Assert.That(oneInWindow.Sessions.StartedLast24Hours, Is.EqualTo(1));
        Assert.That(oneInWindow.Sessions.Total, Is.EqualTo(2));
    }

    [Test]
    public async Task System_stats_describe_this_process()
    {
        await using var storage = await TestStorage.CreateAsync(provider);
        await using var service = storage.StartInProcess();
        var client = service.Client();

        var first = await client.GetStatsAsync(new GetStats());
        var second = await client.GetStatsAsync(new GetStats());

        Assert.Multiple(() =>
        {
            Assert.That(second.System.RequestsServed, Is.GreaterThan(first.System.RequestsServed));
            Assert.That(second.System.WorkingSetBytes, Is.GreaterThan(0));
            Assert.That(second.System.StartedAt, Is.EqualTo(first.System.StartedAt));
            Assert.That(second.System.UptimeSeconds, Is.GreaterThanOrEqualTo(first.System.UptimeSeconds));
            Assert.That(second.System.Version, Does.Match(@"^\d+\.\d+\.\d+"));
        });
    }
}
