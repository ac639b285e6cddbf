using SessionStore.TestSupport;

namespace SessionStore.Tests.Support;

/// <summary>
/// The PostgreSQL server the provider tests run against: the one <c>SESSIONSTORE_TEST_POSTGRES</c> names, else the lab
/// server. Without a server those tests are skipped and say why; <c>SESSIONSTORE_POSTGRES_TESTS=required</c> (set when
/// the test command provisioned the lab server) makes that a failure instead.
/// </summary>
public static class PostgreSqlTestServer
{
    public static PostgreSqlServer Server { get; } = PostgreSqlServer.FromEnvironment("SESSIONSTORE_TEST_POSTGRES");

    private static readonly Lazy<Task<string?>> WhyUnavailable = new(Server.WhyUnavailableAsync);
    private static int toldWhySkipped;

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
}
