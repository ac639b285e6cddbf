using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionStore.ServiceInterface.Storage.Backups;
using SessionStore.ServiceInterface.Storage.Browsing;
using SessionStore.ServiceInterface.Storage.PostgreSql;
using SessionStore.ServiceInterface.Storage.Recovery;
using SessionStore.ServiceInterface.Storage.Sqlite;

namespace SessionStore.ServiceInterface.Storage;

public static class StorageServices
{
    /// <summary>
    /// The storage layer: the configured provider, the single writer and its metrics, the database's lifetime, and on SQLite
    /// recovery and backups. Registered before any feature, so the database is up first and closed last.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .Configure(o => o.ConnectionString ??= configuration.GetConnectionString(StorageOptions.ConnectionStringName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Storage:DataDirectory must name a directory.")
            .Validate(o => o.MaxWriteBatch >= 1, "Storage:MaxWriteBatch must be 1 or more.")
            .Validate(o => o.MaxQueuedWrites >= 1, "Storage:MaxQueuedWrites must be 1 or more.")
            .Validate(o => o.MaxQueuedWritesPerKey >= 1, "Storage:MaxQueuedWritesPerKey must be 1 or more.")
            .Validate(o => o.Writers >= 1, "Storage:Writers must be 1 or more.")
            .Validate(o => o.BusyTimeout >= TimeSpan.Zero, "Storage:BusyTimeout must not be negative.")
            .Validate(o => o.StartupCheckBudget >= TimeSpan.Zero, "Storage:StartupCheckBudget must not be negative.")
            .ValidateOnStart();
        services.AddOptions<BackupOptions>()
            .Bind(configuration.GetSection(BackupOptions.Section))
            .Validate(o => o.Interval > TimeSpan.Zero, "Backup:Interval must be positive.")
            .Validate(o => o.Keep >= 1, "Backup:Keep must be 1 or more.")
            .Validate(o => o.DrillInterval > TimeSpan.Zero, "Backup:DrillInterval must be positive.")
            .Validate(o => o.S3.Keep >= 1, "Backup:S3:Keep must be 1 or more.")
            .Validate(o => !o.S3.Enabled || string.IsNullOrEmpty(o.S3.AccessKey) == string.IsNullOrEmpty(o.S3.SecretKey),
                "Backup:S3:AccessKey and Backup:S3:SecretKey go together: set both, or neither to use the AWS SDK's own credentials.")
            .Validate(o => string.IsNullOrWhiteSpace(o.S3.ServiceUrl) || Uri.TryCreate(o.S3.ServiceUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https",
                "Backup:S3:ServiceUrl must be an http or https URL, such as https://s3.eu-west-1.amazonaws.com or http://minio:9000.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DatabaseFiles>();
        services.AddSingleton<IStorageProvider>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.PostgreSql
            ? ActivatorUtilities.CreateInstance<PostgreSqlStorage>(sp)
            : ActivatorUtilities.CreateInstance<SqliteStorage>(sp));
        services.AddSingleton<StorageMetrics>();
        services.AddSingleton<StorageWriter>();
        services.AddSingleton<StorageStatus>();
        services.AddSingleton<RecoveryJournal>();
        services.AddSingleton<DatabaseRecovery>();
        services.AddSingleton<LiveDamage>();
        services.AddSingleton<IStorageCondition>(sp => sp.GetRequiredService<LiveDamage>());
        services.AddSingleton<LocalBackups>();
        services.AddSingleton<OffHostCopies>();
        services.AddSingleton<IStorageCondition>(sp => sp.GetRequiredService<OffHostCopies>());
        services.AddSingleton<RestoreDrill>();
        services.AddSingleton<DrillHistory>();
        services.AddSingleton<IStorageCondition>(sp => sp.GetRequiredService<DrillHistory>());
        services.AddSingleton<DrillScheduler>();
        services.AddSingleton<BackupCatalog>();
        services.AddSingleton<TableReader>();

        // Hosted services start in this order and stop in reverse: the database is up first and closed last.
        services.AddSingleton<DatabaseLifetime>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseLifetime>());
        services.AddHostedService<OnlineRecovery>();
        services.AddHostedService<BackupScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<OffHostCopies>());
        services.AddHostedService(sp => sp.GetRequiredService<DrillScheduler>());
        return services;
    }

    /// <summary>
    /// Opens the database before the host starts, so a data directory that cannot be used ends the
    /// process with one sentence in the log instead of the host's stack trace. False when it cannot.
    /// </summary>
    public static bool TryOpenStorage(this IHost host)
    {
        try
        {
            host.Services.GetRequiredService<DatabaseLifetime>().Open();
            return true;
        }
        catch (StorageStartupException e)
        {
            StartupFailure.Log(host, e.Message);
            return false;
        }
    }
}
