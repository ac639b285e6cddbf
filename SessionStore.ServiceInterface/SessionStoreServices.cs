using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SessionStore.ServiceInterface.Admin;
using SessionStore.ServiceInterface.HighScores;
using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.RequestLog;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Stats;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface;

public static class SessionStoreServices
{
    /// <summary>Everything the SessionStore endpoints need: storage, background work, JSON and error handling.</summary>
    public static IServiceCollection AddSessionStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .Configure(o => o.ConnectionString ??= configuration.GetConnectionString(StorageOptions.ConnectionStringName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Storage:DataDirectory must name a directory.")
            .Validate(o => o.MaxWriteBatch >= 1, "Storage:MaxWriteBatch must be 1 or more.")
            .Validate(o => o.BusyTimeout >= TimeSpan.Zero, "Storage:BusyTimeout must not be negative.")
            .Validate(o => o.StartupCheckBudget >= TimeSpan.Zero, "Storage:StartupCheckBudget must not be negative.")
            .ValidateOnStart();
        services.AddOptions<BackupOptions>()
            .Bind(configuration.GetSection(BackupOptions.Section))
            .Validate(o => o.Interval > TimeSpan.Zero, "Backup:Interval must be positive.")
            .Validate(o => o.Keep >= 1, "Backup:Keep must be 1 or more.")
            .ValidateOnStart();
        services.AddOptions<SessionsOptions>()
            .Bind(configuration.GetSection(SessionsOptions.Section))
            .Validate(o => o.AbandonAfter > TimeSpan.Zero, "Sessions:AbandonAfter must be positive.")
            .Validate(o => o.SweepInterval > TimeSpan.Zero, "Sessions:SweepInterval must be positive.")
            .ValidateOnStart();

        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.Section));
        services.AddSingleton<AdminKeyLockout>();
        services.AddClientAddresses(configuration);
        services.AddCrossOrigin(configuration);
        services.AddRateLimits(configuration);
        services.AddMetricsExport(configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DatabaseFiles>();
        services.AddSingleton<DatabaseConnections>();
        services.AddSingleton<StorageWriter>();
        services.AddSingleton<StorageStatus>();
        services.AddSingleton<RecoveryJournal>();
        services.AddSingleton<DatabaseRecovery>();
        services.AddSingleton<Backups>();
        services.AddSingleton<IDerivedData, SessionCountersFromSessions>();
        services.AddSingleton<IDerivedData, HighScoresFromSessions>();
        services.AddSingleton<IServableRows, ServableSessions>();
        services.AddSingleton<ProcessStats>();
        services.AddSingleton<TableReader>();
        services.AddSingleton<StorageReports>();

        // Hosted services start in this order and stop in reverse: the database is up first and closed last.
        services.AddSingleton<DatabaseLifetime>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseLifetime>());
        services.AddHostedService<AbandonedSessionSweeper>();
        services.AddHostedService<BackupScheduler>();
        services.AddRequestLog(configuration);

        services.AddApiDocumentation();
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Binding failures (bad JSON, wrong types) throw, so ProblemExceptionHandler can answer them with a problem.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.AllowDuplicateProperties = false;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict; // "10" is not a number
        });
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
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SessionStore")
                .LogCritical("SessionStore cannot start: {Reason}", e.Message);
            return false;
        }
    }
}
