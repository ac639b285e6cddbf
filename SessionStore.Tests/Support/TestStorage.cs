using SessionStore.ServiceInterface.Storage;

namespace SessionStore.Tests.Support;

/// <summary>
/// Where a test's service keeps its data, for either provider: always a fresh data directory (the SQLite database,
/// or in PostgreSQL mode the request log), and with PostgreSQL a fresh database of its own on the test server,
/// dropped with everything in it on dispose.
/// </summary>
public sealed class TestStorage : IAsyncDisposable
{
    private readonly string? databaseName;

    private TestStorage(StorageProvider provider, string? databaseName, string? connectionString)
    {
        Provider = provider;
        this.databaseName = databaseName;
        ConnectionString = connectionString;
    }

    public StorageProvider Provider { get; }

    public TemporaryDirectory Directory { get; } = new();

    /// <summary>The PostgreSQL database's connection string; null for SQLite.</summary>
    public string? ConnectionString { get; }

    /// <summary>The configuration that points a service at this storage, beside its data directory.</summary>
    public IReadOnlyDictionary<string, string> Settings => ConnectionString is null
        ? new Dictionary<string, string> { ["Storage:Provider"] = nameof(StorageProvider.Sqlite) }
        : new Dictionary<string, string>
        {
            ["Storage:Provider"] = nameof(StorageProvider.PostgreSql),
            [$"ConnectionStrings:{StorageOptions.ConnectionStringName}"] = ConnectionString,
        };

    /// <summary>The same as environment variables, for a real process.</summary>
    public Dictionary<string, string> Environment =>
        Settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);

    /// <summary>
    /// Storage for <paramref name="provider"/>. With PostgreSQL and no server to reach, the calling test is skipped
    /// (or fails, when PostgreSQL tests are required).
    /// </summary>
    public static async Task<TestStorage> CreateAsync(StorageProvider provider)
    {
        if (provider == StorageProvider.Sqlite) return new TestStorage(provider, null, null);
        await PostgreSqlTestServer.RequireAsync();
        var name = "sessionstore_test_" + Guid.NewGuid().ToString("N");
        return new TestStorage(provider, name, await PostgreSqlTestServer.Server.CreateDatabaseAsync(name));
    }

    /// <summary>The in-process service on this storage, with these settings too.</summary>
    public InProcessService StartInProcess(IDictionary<string, string?>? settings = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configureServices = null)
    {
        var all = Settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return new InProcessService(Directory.Path, all, configureServices);
    }

    public async ValueTask DisposeAsync()
    {
        if (databaseName is not null) await PostgreSqlTestServer.Server.DropDatabaseAsync(databaseName);
        Directory.Dispose();
    }
}
