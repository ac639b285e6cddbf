using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Prometheus;

namespace SessionStore.ServiceInterface.Metrics;

/// <summary>
/// /metrics in Prometheus' text format. The service measures with .NET's System.Diagnostics.Metrics (the
/// OpenTelemetry metrics API as .NET implements it): ASP.NET Core's own meters for requests, Kestrel and the
/// rate limiter, the runtime's, and SessionStore's own (every <see cref="IMetricsSource"/>). prometheus-net
/// (stable) exposes them all; the OpenTelemetry Prometheus exporter is still a beta.
/// </summary>
public static class MetricsExport
{
    public const string Path = "/metrics";

    public static IServiceCollection AddMetricsExport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>()
            .Bind(configuration.GetSection(MetricsOptions.Section))
            .Validate(o => o.Port is null or (>= 1 and <= 65535), "Metrics:Port must be a TCP port, 1-65535.")
            .ValidateOnStart();
        services.AddHostedService<MetricsListener>();
        services.AddHostedService<MetricsPort>();
        return services;
    }

    /// <summary>Maps /metrics beside the API only when the operator asks (<see cref="MetricsOptions.ServeBesideApi"/>): anyone who reaches the API would read it.</summary>
    public static IEndpointRouteBuilder MapMetricsExport(this IEndpointRouteBuilder routes)
    {
        var options = routes.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (options is { Enabled: true, ServeBesideApi: true }) routes.MapMetrics(Path).ExcludeFromDescription();
        return routes;
    }
}
