using FluentMigrator.Runner;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>Applies the versioned migrations in Storage/Migrations. Each runs in its own transaction.</summary>
public static class DatabaseMigrator
{
    public static void MigrateToLatest(string connectionString, ILoggerFactory loggerFactory) =>
        Run(connectionString, loggerFactory, runner => runner.MigrateUp());

    /// <summary>Brings a database to exactly <paramref name="version"/>: how tests build older schemas.</summary>
    public static void MigrateTo(string connectionString, long version, ILoggerFactory loggerFactory) =>
        Run(connectionString, loggerFactory, runner => runner.MigrateUp(version));

    private static void Run(string connectionString, ILoggerFactory loggerFactory, Action<IMigrationRunner> migrate)
    {
        using var services = new ServiceCollection()
            .AddSingleton(loggerFactory)
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddFluentMigratorCore()
            .ConfigureRunner(runner => runner
                .AddSQLite()
                .WithGlobalConnectionString(connectionString)
                .ScanIn(typeof(DatabaseMigrator).Assembly).For.Migrations())
            .BuildServiceProvider(validateScopes: false);
        migrate(services.GetRequiredService<IMigrationRunner>());
    }
}
