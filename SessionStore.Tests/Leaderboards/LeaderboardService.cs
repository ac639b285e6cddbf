using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SessionStore.ServiceInterface.Storage;
using SessionStore.Tests.Support;

namespace SessionStore.Tests.Leaderboards;

/// <summary>
/// A service on fresh storage whose clock the test moves, with an admin key, and the game rounds the leaderboard tests
/// play on it: every round lasts a second of that clock unless it says otherwise, so no two entries tie by accident.
/// </summary>
public sealed class LeaderboardService : IAsyncDisposable
{
    public const string AdminKey = "leaderboard-tests-admin-key-0123456789abcdef";

    private LeaderboardService(TestStorage storage, FakeTimeProvider clock, InProcessService service)
    {
        Storage = storage;
        Clock = clock;
        Service = service;
        Client = service.Client();
        Admin = service.Client(AdminKey);
    }

    public TestStorage Storage { get; }
    public FakeTimeProvider Clock { get; }
    public InProcessService Service { get; }
    public SessionStoreClient Client { get; }
    public SessionStoreClient Admin { get; }

    public static async Task<LeaderboardService> StartAsync(StorageProvider provider, DateTimeOffset now, IDictionary<string, string?>? settings = null)
    {
        var storage = await TestStorage.CreateAsync(provider);
        var clock = new FakeTimeProvider(now);
        var all = new Dictionary<string, string?> { ["Admin:ApiKey"] = AdminKey };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return new LeaderboardService(storage, clock, storage.StartInProcess(all, services => services.AddSingleton<TimeProvider>(clock)));
    }

    /// <summary>Starts a session, lets <paramref name="lasting"/> (a second by default) pass, and completes it with <paramref name="score"/>.</summary>
    public async Task<Guid> PlayAsync(string game, string? player, long? score, string? playerId = null, TimeSpan? lasting = null)
    {
        var created = await Client.CreateSessionAsync(new CreateSession { Game = game, PlayerName = player, PlayerId = playerId });
        Clock.Advance(lasting ?? TimeSpan.FromSeconds(1));
        await Client.CompleteSessionAsync(new CompleteSession { Id = created.Session.Id, Score = score }, created.Token);
        return created.Session.Id;
    }

    public async Task<IReadOnlyList<(string Player, long Score)>> BoardAsync(string game, BoardPeriod period = BoardPeriod.AllTime, DateTime? at = null) =>
        [.. (await Client.GetHighScoresAsync(new GetHighScores(Game: game, Period: period, At: at, Take: Limits.MaxHighScoresTake))).Results.Select(r => (r.PlayerName, r.Score))];

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        await Storage.DisposeAsync();
    }
}
