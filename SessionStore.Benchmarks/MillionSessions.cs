using System.Security.Cryptography;
using LinqToDB.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SessionStore.ServiceInterface;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.Benchmarks;

/// <summary>
/// A database of 1,000,000 sessions over 20 games, written once in bulk through the storage layer (the single
/// writer) and kept in $SESSIONSTORE_BENCH_DATA (default: the temp folder) for later runs.
/// </summary>
public static class MillionSessions
{
    public const int Count = 1_000_000;
    private const int BatchSize = 50_000;

    public static string DataDirectory =>
        Environment.GetEnvironmentVariable("SESSIONSTORE_BENCH_DATA") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "sessionstore-bench", "million-sessions");

    /// <summary>The storage services over that database, seeded first if it is not there yet. Dispose to close it.</summary>
    public static async Task<ServiceProvider> OpenAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = DataDirectory })
            .Build();
        var services = new ServiceCollection().AddLogging().AddSessionStore(configuration).BuildServiceProvider();
        services.GetRequiredService<DatabaseLifetime>().Open();
        var reader = services.GetRequiredService<TableReader>();
        var sessions = (await reader.ReadSchemaAsync(CancellationToken.None)).Single(t => t.Name == "sessions");
        var existing = await reader.CountRowsAsync(sessions, CancellationToken.None);
        if (existing < Count) await SeedAsync(services.GetRequiredService<StorageWriter>(), (int)existing);
        return services;
    }

    private static async Task SeedAsync(StorageWriter writer, int from)
    {
        Console.WriteLine($"Seeding {Count - from:N0} sessions into {DataDirectory} (once; later runs reuse it)...");
        var random = new Random(42);
        var firstStart = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeMilliseconds();
        for (var batchStart = from; batchStart < Count; batchStart += BatchSize)
        {
            var batch = new List<SessionRecord>(BatchSize);
            for (var i = batchStart; i < Math.Min(batchStart + BatchSize, Count); i++)
                batch.Add(Session(i, firstStart + i * 2_000L, random));
            await writer.WriteAsync(db => db.BulkCopy(batch).RowsCopied);
        }
    }

    private static SessionRecord Session(int i, long startedAt, Random random)
    {
        var roll = random.Next(10);
        var status = roll < 7 ? SessionStatusText.Completed : roll < 9 ? SessionStatusText.Abandoned : SessionStatusText.Active;
        var lastSeen = startedAt + random.Next(10_000, 1_800_000);
        return new SessionRecord
        {
            Id = Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(startedAt)).ToString(),
            TokenHash = RandomNumberGenerator.GetBytes(32),
            PlayerName = i % 10 == 0 ? null : $"player{i % 50_000}",
            Game = $"game{i % 20}",
            Status = status,
            Score = status == SessionStatusText.Abandoned ? null : random.Next(0, 100_000),
            StartedAt = startedAt,
            LastSeenAt = lastSeen,
            EndedAt = status == SessionStatusText.Active ? null : lastSeen,
            Metadata = $$"""{"level":{{i % 40}},"device":"web"}""",
        };
    }
}
