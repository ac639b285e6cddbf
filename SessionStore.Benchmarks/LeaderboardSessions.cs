using System.Security.Cryptography;
using LinqToDB.Data;
using Microsoft.Extensions.DependencyInjection;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.Benchmarks;

/// <summary>
/// A database of 1,000,000 completed sessions of one game by 100,000 players (each with a player id), ended over the
/// year up to the moment of seeding, written once in bulk through the storage layer and kept in $SESSIONSTORE_BENCH_DATA
/// for later runs. The entries and boards are derived from them as a recovery derives them, so the game's boards are
/// those of a million completions: 100,000 rows all time, and a day's, a week's and a month's worth per period.
/// </summary>
public static class LeaderboardSessions
{
    public const int Count = 1_000_000;
    public const int Players = 100_000;
    public const string Game = "arena";
    private const int BatchSize = 50_000;
    private const long Year = 365L * 24 * 60 * 60 * 1000;

    public static string DataDirectory => Path.Combine(Path.GetDirectoryName(MillionSessions.DataDirectory)!, "leaderboard-million-v1");

    public static string DatabasePath => Path.Combine(DataDirectory, DatabaseFiles.DatabaseFileName);

    public static string PlayerId(int player) => $"player-{player:D6}";

    /// <summary>Seeds the database if it is not there yet, and closes it checkpointed so a service process can open it.</summary>
    public static async Task EnsureSeededAsync()
    {
        if (File.Exists(DatabasePath)) return;
        Console.WriteLine($"Seeding {Count:N0} completed sessions of one game into {DataDirectory} (once; later runs reuse it)...");
        var seeding = DataDirectory + ".seeding";
        if (Directory.Exists(seeding)) Directory.Delete(seeding, recursive: true);
        using (var host = MillionSessions.StorageHost(seeding))
        {
            var services = host.Services;
            var lifetime = services.GetRequiredService<DatabaseLifetime>();
            lifetime.Open();
            var writer = services.GetRequiredService<StorageWriter>();
            var random = new Random(16);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            for (var batchStart = 0; batchStart < Count; batchStart += BatchSize)
            {
                var batch = new List<SessionRecord>(BatchSize);
                for (var i = batchStart; i < batchStart + BatchSize; i++)
                {
                    var endedAt = now - Year + Year * i / Count;
                    var startedAt = endedAt - random.Next(30_000, 1_800_000);
                    var player = random.Next(Players);
                    batch.Add(new SessionRecord
                    {
                        Id = Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(startedAt)).ToString(),
                        TokenHash = RandomNumberGenerator.GetBytes(32),
                        PlayerName = $"Player {player}",
                        PlayerId = PlayerId(player),
                        Game = Game,
                        Status = SessionStatusText.Completed,
                        Score = random.Next(0, 10_000_000),
                        StartedAt = startedAt,
                        LastSeenAt = endedAt,
                        EndedAt = endedAt,
                    });
                }
                await writer.WriteAsync(db => db.BulkCopy(batch).RowsCopied);
            }
            foreach (var derived in services.GetServices<IDerivedData>())
                await writer.WriteAsync(db => { derived.Rebuild(db); return 0; });
            await lifetime.StopAsync(CancellationToken.None);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Move(seeding, DataDirectory);
    }
}
