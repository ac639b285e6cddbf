using System.Reflection;
using FluentMigrator;
using FluentMigrator.Runner;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// Applies the versioned migrations in Storage/Migrations, the same ones on every provider, each in its own transaction.
/// Migrations only go forward, and a database a newer release has migrated is refused untouched.
/// </summary>
public static class DatabaseMigrator
{
    /// <summary>The table FluentMigrator records applied migrations in: schema bookkeeping, not data.</summary>
    public const string VersionTable = "VersionInfo";

    /// <summary>The version of the newest migration this build has: the schema version of a database it has migrated.</summary>
    public static long NewestVersion { get; } = typeof(DatabaseMigrator).Assembly.GetTypes()
        .Select(type => type.GetCustomAttribute<MigrationAttribute>()?.Version ?? 0).Max();

    /// <summary>Brings the database to the newest migration; <paramref name="useDatabase"/> picks FluentMigrator's processor (AddSQLite, AddPostgres).</summary>
    /// <exception cref="StorageStartupException">The database's schema is newer than this build knows.</exception>
    internal static void MigrateToLatest(string connectionString, Action<IMigrationRunnerBuilder> useDatabase, ILoggerFactory loggerFactory)
    {
        using var services = new ServiceCollection()
            .AddSingleton(loggerFactory)
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddFluentMigratorCore()
            .ConfigureRunner(runner =>
            {
                useDatabase(runner);
                runner.WithGlobalConnectionString(connectionString).ScanIn(typeof(DatabaseMigrator).Assembly).For.Migrations();
            })
            .BuildServiceProvider(validateScopes: false);
        var runner = services.GetRequiredService<IMigrationRunner>();
        RefuseNewerSchema(services.GetRequiredService<IVersionLoader>().VersionInfo.Latest());
        runner.MigrateUp();
    }

    /// <summary>
    /// A database a newer release has migrated (a rollback after an upgrade) has tables and columns this build does not
    /// know; writing to it could break that release's data, so this build does not start on it and changes nothing.
    /// </summary>
    private static void RefuseNewerSchema(long databaseVersion)
    {
        if (databaseVersion > NewestVersion)
            throw new StorageStartupException(
                $"The database is at schema version {databaseVersion}, newer than this SessionStore knows (up to {NewestVersion}): " +
                "a newer release has upgraded it. Run that release or a later one, or restore a backup taken before the upgrade; " +
                "the database was left untouched.");
    }
}
