using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Prometheus;
using SessionStore.ServiceInterface.Stats;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Http;

/// <summary>The <c>Metrics</c> configuration section.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Serve /metrics at all. Off, no meter is listened to and recording costs next to nothing.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Serve /metrics on this port only (all interfaces), instead of beside the API, so it need not be public.</summary>
    public int? Port { get; set; }
}

/// <summary>
/// /metrics in Prometheus' text format. The service measures with .NET's System.Diagnostics.Metrics (the
/// OpenTelemetry metrics API as .NET implements it): ASP.NET Core's own meters for requests, Kestrel and the
/// rate limiter, the runtime's, and SessionStore's own (<see cref="StorageMetrics"/>, <see cref="SessionMetrics"/>).
/// prometheus-net (stable) exposes them all; the OpenTelemetry Prometheus exporter is still a beta.
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
        services.AddSingleton<StorageMetrics>();
        services.AddSingleton<SessionMetrics>();
        services.AddHostedService<MetricsPort>();
        return services;
    }

    /// <summary>Maps /metrics beside the API, unless it is off or has its own port.</summary>
    public static IEndpointRouteBuilder MapMetricsExport(this IEndpointRouteBuilder routes)
    {
        var options = routes.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.Enabled) return routes;
        StartListening(routes.ServiceProvider);
        if (options.Port is null) routes.MapMetrics(Path).ExcludeFromDescription();
        return routes;
    }

    private static void StartListening(IServiceProvider services)
    {
        // The runtime's own meter replaces the older event counters; prometheus-net's self-reporting is noise here.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true, SuppressDebugMetrics = true });
        Metrics.ConfigureMeterAdapter(adapter =>
        {
            var otherwise = adapter.ResolveHistogramBuckets;
            adapter.ResolveHistogramBuckets = instrument => AdvisedBuckets(instrument) ?? otherwise(instrument);
            // The runtime's internal QUIC counters (the service speaks no HTTP/3) would be a hundred lines of zeros.
            adapter.InstrumentFilterPredicate = instrument => !instrument.Meter.Name.StartsWith("Private.", StringComparison.Ordinal);
        });
        // Our gauges exist from the first scrape on, not only once something has used their meter.
        services.GetRequiredService<StorageMetrics>();
        services.GetRequiredService<SessionMetrics>();
        // prometheus-net starts listening to meters at its first collection: do that now, so nothing before the first scrape is missed.
        Metrics.DefaultRegistry.CollectAndExportAsTextAsync(Stream.Null).GetAwaiter().GetResult();
    }

    /// <summary>The buckets the instrument advises (ASP.NET Core's histograms and ours do); null if it advises none.</summary>
    private static double[]? AdvisedBuckets(Instrument instrument) => instrument switch
    {
        Histogram<double> { Advice.HistogramBucketBoundaries: { } buckets } => [.. buckets],
        Histogram<int> { Advice.HistogramBucketBoundaries: { } buckets } => [.. buckets.Select(b => (double)b)],
        Histogram<long> { Advice.HistogramBucketBoundaries: { } buckets } => [.. buckets.Select(b => (double)b)],
        _ => null,
    };

    /// <summary>With <see cref="MetricsOptions.Port"/>, a small server of its own that answers /metrics and nothing else.</summary>
    private sealed class MetricsPort(IOptions<MetricsOptions> options) : IHostedService
    {
        private KestrelMetricServer? server;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (options.Value is { Enabled: true, Port: { } port }) server = (KestrelMetricServer)new KestrelMetricServer(port).Start();
            return Task.CompletedTask;
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (server is not null) await server.StopAsync();
        }
    }
}
