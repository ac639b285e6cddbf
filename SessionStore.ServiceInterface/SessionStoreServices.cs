using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SessionStore.ServiceInterface.Admin;
using SessionStore.ServiceInterface.Leaderboards;
using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.Metrics;
using SessionStore.ServiceInterface.RequestLog;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Stats;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface;

public static class SessionStoreServices
{
    /// <summary>
    /// Everything the SessionStore endpoints need, layer by layer: storage first (so the database is up first and closed
    /// last), then the features, then the HTTP edge.
    /// </summary>
    public static IServiceCollection AddSessionStore(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddStorage(configuration)
            .AddSessions(configuration)
            .AddStats()
            .AddLeaderboards(configuration)
            .AddAdmin(configuration)
            .AddRequestLog(configuration)
            .AddMetricsExport(configuration)
            .AddHttpEdge(configuration);

    /// <summary>
    /// Checks every setting validated at start before anything reads it, so one that cannot work (an admin key too short to be
    /// safe, say) ends the process with one sentence in the log instead of the host's stack trace. False when one cannot.
    /// </summary>
    public static bool TryValidateConfiguration(this IHost host)
    {
        try
        {
            host.Services.GetService<IStartupValidator>()?.Validate();
            return true;
        }
        catch (OptionsValidationException e)
        {
            StartupFailure.Log(host, e.Message);
            return false;
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is OptionsValidationException))
        {
            StartupFailure.Log(host, string.Join(" ", e.InnerExceptions.Select(inner => inner.Message)));
            return false;
        }
    }

    /// <summary>Client addresses, CORS, rate limits, the OpenAPI document, and how requests are read and errors answered.</summary>
    private static IServiceCollection AddHttpEdge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddClientAddresses(configuration);
        services.AddCrossOrigin(configuration);
        services.AddRateLimits(configuration);
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
            o.SerializerOptions.TypeInfoResolver = (o.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
                .WithAddedModifier(ApiRoutes.RouteValuesOutOfBody);
        });
        return services;
    }
}
