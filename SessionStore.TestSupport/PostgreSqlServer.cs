using Npgsql;

namespace SessionStore.TestSupport;

/// <summary>
/// A PostgreSQL server that gives each test fixture or benchmark configuration a database of its own: the one an
/// environment variable names (a connection string of a role that may create databases), else the lab server
/// <c>scripts/postgres-lab/up.sh</c> starts on 127.0.0.1:55432.
/// </summary>
public sealed class PostgreSqlServer
{
    private const string LabConnectionString = "Host=127.0.0.1;Port=55432;Username=sessionstore;Password=sessionstore;Database=postgres";

    private PostgreSqlServer(string adminConnectionString) => AdminConnectionString = adminConnectionString;

    /// <summary>The server named by <paramref name="variable"/>, or the lab server when it is not set.</summary>
    public static PostgreSqlServer FromEnvironment(string variable) =>
        new(Environment.GetEnvironmentVariable(variable) is { Length: > 0 } configured ? configured : LabConnectionString);

    /// <summary>A connection string to the server's maintenance database.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Where the server is, for messages (never a password).</summary>
    public string Address => new NpgsqlConnectionStringBuilder(AdminConnectionString) is var s ? $"{s.Host}:{s.Port}" : "";

    /// <summary>Null when the server answers; else why it does not.</summary>
    public async Task<string?> WhyUnavailableAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(AdminConnectionString) { Timeout = 5 }.ToString());
            await connection.OpenAsync();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or TimeoutException)
        {
            return $"none answers at {Address} ({e.Message.TrimEnd('.')})";
        }
    }

    /// <summary>A new, empty database (any old one of that name is dropped first); returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await DropDatabaseAsync(name);
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ToString();
    }

    /// <summary>Drops a database, ending any session still connected to it.</summary>
    public async Task DropDatabaseAsync(string name)
    {
        // Clear every pool first, so no idle connection of this process holds the database.
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>Runs one statement on the server's maintenance database.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
