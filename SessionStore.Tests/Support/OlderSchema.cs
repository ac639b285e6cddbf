using FluentMigrator.Runner;
using Microsoft.Extensions.DependencyInjection;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.Tests.Support;

/// <summary>A database at an older schema version, as an earlier release left it: how the upgrade tests begin.</summary>
public static class OlderSchema
{
    /// <summary>Applies the migrations up to and including <paramref name="version"/>, and no further.</summary>
    public static void MigrateTo(StorageProvider provider, string connectionString, long version)
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner =>
            {
                if (provider == StorageProvider.PostgreSql) runner.AddPostgres();
                else runner.AddSQLite();
                runner.WithGlobalConnectionString(connectionString).ScanIn(typeof(DatabaseMigrator).Assembly).For.Migrations();
            })
            .BuildServiceProvider();
        services.GetRequiredService<IMigrationRunner>().MigrateUp(version);
    }
}
