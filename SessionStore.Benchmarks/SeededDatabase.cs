using LinqToDB.Data;
using Microsoft.Extensions.DependencyInjection;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.Benchmarks;

/// <summary>
/// A benchmark database seeded once in bulk through the storage layer, its derived tables computed as a recovery computes
/// them, and kept in $SESSIONSTORE_BENCH_DATA for later runs; closed checkpointed so a service process can open it.
/// </summary>
public static class SeededDatabase
{
    private const int BatchSize = 50_000;

    public static string DirectoryNamed(string name) => Path.Combine(Path.GetDirectoryName(MillionSessions.DataDirectory)!, name);

    /// <summary>Writes <paramref name="count"/> sessions, the i-th from <paramref name="session"/>(i, seeding time), unless the database is there.</summary>
    public static async Task EnsureAsync(string dataDirectory, int count, string what, Func<int, long, SessionRecord> session)
    {
        if (File.Exists(Path.Combine(dataDirectory, DatabaseFiles.DatabaseFileName))) return;
        Console.WriteLine($"Seeding {count:N0} {what} into {dataDirectory} (once; later runs reuse it)...");
        var seeding = dataDirectory + ".seeding";
        if (Directory.Exists(seeding)) Directory.Delete(seeding, recursive: true);
        using (var host = MillionSessions.StorageHost(seeding))
        {
            var services = host.Services;
            var lifetime = services.GetRequiredService<DatabaseLifetime>();
            lifetime.Open();
            var writer = services.GetRequiredService<StorageWriter>();
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            for (var batchStart = 0; batchStart < count; batchStart += BatchSize)
            {
                var batch = Enumerable.Range(batchStart, Math.Min(BatchSize, count - batchStart)).Select(i => session(i, now)).ToList();
                await writer.WriteAsync(db => db.BulkCopy(batch).RowsCopied);
            }
            foreach (var derived in services.GetServices<IDerivedData>())
                await writer.WriteAsync(db => { derived.Rebuild(db); return 0; });
            await lifetime.StopAsync(CancellationToken.None);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Move(seeding, dataDirectory);
    }
}
