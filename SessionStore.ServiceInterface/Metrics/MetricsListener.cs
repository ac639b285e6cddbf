using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Prometheus;

namespace SessionStore.ServiceInterface.Metrics;

/// <summary>
/// Starts prometheus-net listening to the meters before any hosted service starts (the web server included), so
/// nothing before the first scrape is missed and every <see cref="IMetricsSource"/>'s instruments are in it.
/// </summary>
internal sealed class MetricsListener(IOptions<MetricsOptions> options, IEnumerable<IMetricsSource> sources) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Served) return Task.CompletedTask;
        // The runtime's own meter replaces the older event counters; prometheus-net's self-reporting is noise here.
        Prometheus.Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true, SuppressDebugMetrics = true });
        Prometheus.Metrics.ConfigureMeterAdapter(adapter =>
        {
            var otherwise = adapter.ResolveHistogramBuckets;
            adapter.ResolveHistogramBuckets = instrument => AdvisedBuckets(instrument) ?? otherwise(instrument);
            // The runtime's internal QUIC counters (the service speaks no HTTP/3) would be a hundred lines of zeros.
            adapter.InstrumentFilterPredicate = instrument => !instrument.Meter.Name.StartsWith("Private.", StringComparison.Ordinal);
        });
        _ = sources.Count(); // constructs each source, which creates its instruments
        // prometheus-net starts listening to meters at its first collection: do that now.
        return Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(Stream.Null, cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The buckets the instrument advises (ASP.NET Core's histograms and ours do); null if it advises none.</summary>
    private static double[]? AdvisedBuckets(Instrument instrument) => instrument switch
    {
        Histogram<double> { Advice.HistogramBucketBoundaries: { } buckets } => [.. buckets],
        Histogram<int> { Advice.HistogramBucketBoundaries: { } buckets } => [.. buckets.Select(b => (double)b)],
        Histogram<long> { Advice.HistogramBucketBoundaries: { } buckets } => [.. buckets.Select(b => (double)b)],
        _ => null,
    };
}
