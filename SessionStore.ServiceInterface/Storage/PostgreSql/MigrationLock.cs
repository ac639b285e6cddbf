using Npgsql;

namespace SessionStore.ServiceInterface.Storage.PostgreSql;

/// <summary>
/// The turn to migrate: a session-level advisory lock that instances starting together take one after the other, so the
/// first applies the migrations and the others find nothing left to do. It is held on a connection of its own outside the
/// pool and released when that connection closes, however the process ends: a pooled connection would only go back to
/// the pool as it closed, its session and so the lock still held, and every other instance would wait for ever.
/// </summary>
internal static class MigrationLock
{
    /// <summary>The advisory lock's key: "SeSt" as an integer, ours alone.</summary>
    public const long Key = 0x5365_5374;

    /// <summary>Waits as long as another instance migrates, since migrations may take a while; dispose to release.</summary>
    public static NpgsqlConnection WaitForTurn(string connectionString)
    {
        var gate = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        try
        {
            gate.Open();
            using var take = new NpgsqlCommand($"SELECT pg_advisory_lock({Key})", gate) { CommandTimeout = 0 };
            take.ExecuteNonQuery();
            return gate;
        }
        catch
        {
            gate.Dispose();
            throw;
        }
    }
}
