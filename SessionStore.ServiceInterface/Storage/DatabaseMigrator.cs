using System.Reflection;
using FluentMigrator;
using FluentMigrator.Runner;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// Applies the versioned migrations in Storage/Migrations, the same ones on both providers. Each runs in its own
/// transaction. On PostgreSQL, instances that start together take turns behind an advisory lock: the first applies
/// the migrations, the others wait for it and then find nothing left to do.
/// </summary>
public static class DatabaseMigrator
{
    /// <summary>The key of the PostgreSQL advisory lock held while migrating: "SeSt" as an integer, ours alone.</summary>
    internal const long MigrationLockKey = 0x5365_5374;

    /// <summary>The version of the newest migration this build has: the schema version of a database it has migrated.</summary>
    public static long NewestVersion { get; } = typeof(DatabaseMigrator).Assembly.GetTypes()
        .Select(type => type.GetCustomAttribute<MigrationAttribute>()?.Version ?? 0).Max();

    public static void MigrateToLatest(StorageProvider provider, string connectionString, ILoggerFactory loggerFactory) =>
        Run(provider, connectionString, loggerFactory, runner => runner.MigrateUp());

    /// <summary>Brings a database to exactly <paramref name="version"/>: how tests build older schemas.</summary>
    public static void MigrateTo(StorageProvider provider, string connectionString, long version, ILoggerFactory loggerFactory) =>
        Run(provider, connectionString, loggerFactory, runner => runner.MigrateUp(version));

    private static void Run(StorageProvider provider, string connectionString, ILoggerFactory loggerFactory, Action<IMigrationRunner> migrate)
    {
        using var services = new ServiceCollection()
            .AddSingleton(loggerFactory)
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddFluentMigratorCore()
            .ConfigureRunner(runner =>
            {
                if (provider == StorageProvider.PostgreSql) runner.AddPostgres();
                else runner.AddSQLite();
                runner.WithGlobalConnectionString(connectionString).ScanIn(typeof(DatabaseMigrator).Assembly).For.Migrations();
            })
            .BuildServiceProvider(validateScopes: false);
        using var turn = provider == StorageProvider.PostgreSql ? WaitForTurn(connectionString) : null;
        var runner = services.GetRequiredService<IMigrationRunner>();
        RefuseNewerSchema(services.GetRequiredService<IVersionLoader>().VersionInfo.Latest());
        migrate(runner);
    }

    /// <summary>
    /// A database a newer release has migrated (a rollback after an upgrade) has tables and columns this build does not
    /// know; writing to it could break that release's data, so this build does not start on it and changes nothing.
    /// </summary>
    /// <exception cref="StorageStartupException">The database's schema is newer than this build's newest migration.</exception>
    private static void RefuseNewerSchema(long databaseVersion)
    {
        if (databaseVersion > NewestVersion)
            throw new StorageStartupException(
                $"The database is at schema version {databaseVersion}, newer than this SessionStore knows (up to {NewestVersion}): " +
                "a newer release has upgraded it. Run that release or a later one, or restore a backup taken before the upgrade; " +
                "the database was left untouched.");
    }

    /// <summary>
    /// Takes the migration lock: a session-level advisory lock on a connection of its own, released when that closes,
    /// however the process ends. The connection is outside the pool: a pooled one would only go back to the pool as it
    /// closes, its session and so the lock still held, and every other instance would wait for ever.
    /// Waits as long as another instance migrates, since migrations may take a while.
    /// </summary>
    private static NpgsqlConnection WaitForTurn(string connectionString)
    {
        var gate = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        try
        {
            gate.Open();
            using var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", gate) { CommandTimeout = 0 };
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
