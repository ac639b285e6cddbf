using System.Security.Cryptography;
using LinqToDB.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SessionStore.ServiceInterface;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;
using SessionStore.ServiceInterface.Storage.Browsing;

namespace SessionStore.Benchmarks;

/// <summary>
/// A database of 1,000,000 sessions over 20 games, written once in bulk through the storage layer (the single
/// writer) and kept in $SESSIONSTORE_BENCH_DATA (default: the temp folder) for later runs. Started every 2 s up
/// to the moment of seeding; all but the last half hour's have ended (70% completed, 30% abandoned), as in a
/// store that has run for weeks. The counters and high scores are derived from the rows in the same way a
/// recovery derives them, so stats and high scores answer from a million rows' worth.
/// </summary>
public static class MillionSessions
{
    public const int Count = 1_000_000;
    public const int Games = 20;
    private const int BatchSize = 50_000;
    private const long SecondsBetweenStarts = 2;

    public static string DataDirectory =>
        Environment.GetEnvironmentVariable("SESSIONSTORE_BENCH_DATA") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "sessionstore-bench", "million-sessions-v2");

    public static string DatabasePath => Path.Combine(DataDirectory, DatabaseFiles.DatabaseFileName);

    /// <summary>The storage services over that database, seeded first if it is not there yet. Dispose to close it.</summary>
    public static async Task<IHost> OpenAsync()
    {
        var host = StorageHost(DataDirectory);
        var services = host.Services;
        services.GetRequiredService<DatabaseLifetime>().Open();
        var reader = services.GetRequiredService<TableReader>();
        var sessions = (await reader.ReadSchemaAsync(CancellationToken.None)).Single(t => t.Name == "sessions");
        var existing = await reader.CountRowsAsync(sessions, CancellationToken.None);
        if (existing < Count) await SeedAsync(services, (int)existing);
        return host;
    }

    /// <summary>Seeds the database if need be and closes it again, checkpointed, so a service process can open it.</summary>
    public static async Task EnsureSeededAsync()
    {
        using var host = await OpenAsync();
        await host.Services.GetRequiredService<DatabaseLifetime>().StopAsync(CancellationToken.None);
    }

    /// <summary>
    /// The service's storage registrations, without its web server; nothing runs until the caller opens the database.
    /// <paramref name="configure"/> may change them (a benchmark leaves a feature out).
    /// </summary>
    public static IHost StorageHost(string dataDirectory, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration["Storage:DataDirectory"] = dataDirectory;
        builder.Services.AddLogging().AddSessionStore(builder.Configuration);
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    private static async Task SeedAsync(IServiceProvider services, int from)
    {
        Console.WriteLine($"Seeding {Count - from:N0} sessions into {DataDirectory} (once; later runs reuse it)...");
        var writer = services.GetRequiredService<StorageWriter>();
        var random = new Random(42);
        var seededAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var firstStart = seededAt - Count * SecondsBetweenStarts * 1000;
        for (var batchStart = from; batchStart < Count; batchStart += BatchSize)
        {
            var batch = new List<SessionRecord>(BatchSize);
            for (var i = batchStart; i < Math.Min(batchStart + BatchSize, Count); i++)
                batch.Add(Session(i, firstStart + i * SecondsBetweenStarts * 1000, seededAt, random));
            await writer.WriteAsync(db => db.BulkCopy(batch).RowsCopied);
        }
        // The counters and high scores, as the writes would have kept them.
        foreach (var derived in services.GetServices<IDerivedData>())
            await writer.WriteAsync(db => { derived.Rebuild(db); return 0; });
    }

    private static SessionRecord Session(int i, long startedAt, long seededAt, Random random)
    {
        var roll = random.Next(10);
        var recent = seededAt - startedAt < 30 * 60_000;
        var status = recent && roll == 0 ? SessionStatusText.Active : roll < 7 ? SessionStatusText.Completed : SessionStatusText.Abandoned;
        var lastSeen = Math.Min(seededAt, startedAt + random.Next(10_000, 1_800_000));
        return new SessionRecord
        {
            Id = Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(startedAt)).ToString(),
            TokenHash = RandomNumberGenerator.GetBytes(32),
            PlayerName = i % 10 == 0 ? null : $"player{i % 50_000}",
            Game = $"game{i % Games}",
            Status = status,
            Score = status == SessionStatusText.Abandoned ? null : random.Next(0, 100_000),
            StartedAt = startedAt,
            LastSeenAt = lastSeen,
            EndedAt = status == SessionStatusText.Active ? null : lastSeen,
            Metadata = $$"""{"level":{{i % 40}},"device":"web"}""",
        };
    }
}
