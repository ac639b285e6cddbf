using Npgsql;

namespace SessionStore.Tests.Support;

/// <summary>
/// The PostgreSQL server the provider tests run against: the one <c>SESSIONSTORE_TEST_POSTGRES</c> names (a connection
/// string of a role that may create databases), else the one <c>scripts/postgres-lab/up.sh</c> starts on 127.0.0.1:55432.
/// Without a server those tests are skipped and say why; <c>SESSIONSTORE_POSTGRES_TESTS=required</c> (set by
/// <c>.ci/run</c>) makes that a failure instead.
/// </summary>
public static class PostgreSqlServer
{
    private const string LabConnectionString = "Host=127.0.0.1;Port=55432;Username=sessionstore;Password=sessionstore;Database=postgres";
    private static readonly Lazy<Task<string?>> WhyUnavailable = new(CheckAsync);
    private static int toldWhySkipped;

    public static string AdminConnectionString { get; } =
        Environment.GetEnvironmentVariable("SESSIONSTORE_TEST_POSTGRES") is { Length: > 0 } configured ? configured : LabConnectionString;

    /// <summary>Skips the calling test (or fixture) when no server answers, or fails it when the tests are required.</summary>
    public static async Task RequireAsync()
    {
        if (await WhyUnavailable.Value is not { } why) return;
        var message = $"PostgreSQL tests need a server: {why}. Start one with scripts/postgres-lab/up.sh (as root), or set SESSIONSTORE_TEST_POSTGRES.";
        if (Environment.GetEnvironmentVariable("SESSIONSTORE_POSTGRES_TESTS") == "required") Assert.Fail(message);
        // TestContext.Error reaches the console at dotnet test's default verbosity, an ignore reason does not; once is enough.
        if (Interlocked.Exchange(ref toldWhySkipped, 1) == 0) await TestContext.Error.WriteLineAsync($"Skipped: {message}");
        Assert.Ignore(message);
    }

    /// <summary>A new, empty database for one test or fixture; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string name)
    {
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ToString();
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, ending any session still connected to it.</summary>
    public static async Task DropDatabaseAsync(string name)
    {
        // Clear every pool first, so no idle connection of this process holds the database.
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>Runs one statement on the server's maintenance database.</summary>
    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string?> CheckAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(AdminConnectionString) { Timeout = 5 }.ToString());
            await connection.OpenAsync();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or TimeoutException)
        {
            var where = new NpgsqlConnectionStringBuilder(AdminConnectionString);
            return $"none answers at {where.Host}:{where.Port} ({e.Message.TrimEnd('.')})";
        }
    }
}
