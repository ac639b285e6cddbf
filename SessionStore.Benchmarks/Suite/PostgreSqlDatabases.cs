using Npgsql;

namespace SessionStore.Benchmarks.Suite;

/// <summary>
/// The PostgreSQL server the suite's PostgreSQL rows run on: the one <c>SESSIONSTORE_BENCH_POSTGRES</c> names (a
/// connection string of a role that may create databases), else the lab server <c>scripts/postgres-lab/up.sh</c>
/// starts on 127.0.0.1:55432. Each configuration gets a database of its own, new for the run and dropped after it.
/// </summary>
public sealed class PostgreSqlDatabases : IAsyncDisposable
{
    private const string LabConnectionString = "Host=127.0.0.1;Port=55432;Username=sessionstore;Password=sessionstore;Database=postgres";
    private readonly string serverConnectionString;
    private readonly List<string> created = [];

    private PostgreSqlDatabases(string serverConnectionString) => this.serverConnectionString = serverConnectionString;

    /// <summary>Where the server is, for the report (never a password).</summary>
    public string Server => new NpgsqlConnectionStringBuilder(serverConnectionString) is var s ? $"{s.Host}:{s.Port}" : "";

    /// <summary>The server, or null with the reason when none answers.</summary>
    public static async Task<(PostgreSqlDatabases? Databases, string? WhyNot)> ConnectAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable("SESSIONSTORE_BENCH_POSTGRES") is { Length: > 0 } configured ? configured : LabConnectionString;
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5 }.ToString());
            await connection.OpenAsync();
            return (new PostgreSqlDatabases(connectionString), null);
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or TimeoutException)
        {
            var where = new NpgsqlConnectionStringBuilder(connectionString);
            return (null, $"no PostgreSQL server answers at {where.Host}:{where.Port} ({e.Message.TrimEnd('.')}); start one with " +
                          "scripts/postgres-lab/up.sh (as root) or set SESSIONSTORE_BENCH_POSTGRES");
        }
    }

    /// <summary>A new, empty database; returns its connection string.</summary>
    public async Task<string> CreateAsync(string name)
    {
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        created.Add(name);
        return new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in created) await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
