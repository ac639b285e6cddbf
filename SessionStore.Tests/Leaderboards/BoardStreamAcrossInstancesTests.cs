using SessionStore.ServiceInterface.Storage;
using SessionStore.Tests.Support;

namespace SessionStore.Tests.Leaderboards;

/// <summary>Live boards follow changes made through another instance on the same PostgreSQL database (a SQLite file has one service).</summary>
[TestFixture]
public sealed class BoardStreamAcrossInstancesTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private LeaderboardService service = null!;

    [OneTimeSetUp]
    public async Task Start() => service = await LeaderboardService.StartAsync(StorageProvider.PostgreSql,
        new DateTimeOffset(2026, 8, 1, 10, 0, 0, TimeSpan.Zero), new Dictionary<string, string?> { ["Leaderboards:StreamPollInterval"] = "00:00:00.100" });

    [OneTimeTearDown]
    public async Task Stop() => await service.DisposeAsync();

    [Test]
    public async Task A_change_made_through_another_instance_reaches_the_subscribers_of_this_one()
    {
        const string game = "relay-live";
        using var otherDirectory = new TemporaryDirectory();
        await using var other = await TestProcesses.StartAsync(otherDirectory.Path, service.Storage.Environment);
        using var timeout = new CancellationTokenSource(Patience);
        await using var boards = service.Client.StreamHighScoresAsync(new StreamHighScores(game), timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.That(await BoardStreamTests.NextAsync(boards), Is.Empty);

        var created = await other.Client.CreateSessionAsync(new CreateSession { Game = game, PlayerName = "Remote" });
        await other.Client.CompleteSessionAsync(new CompleteSession { Id = created.Session.Id, Score = 42 }, created.Token);

        Assert.That(await BoardStreamTests.NextAsync(boards), Is.EqualTo(new[] { ("Remote", 42L) }));
    }
}
