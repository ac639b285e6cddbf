using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace SessionStore.ServiceInterface.Metrics;

/// <summary>
/// With <see cref="MetricsOptions.Port"/>, a small server of its own that answers /metrics and nothing else. Without a port or
/// <see cref="MetricsOptions.ServeBesideApi"/>, says once at startup how to serve them.
/// </summary>
internal sealed class MetricsPort(IOptions<MetricsOptions> options, ILogger<MetricsPort> logger) : IHostedService
{
    private KestrelMetricServer? server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value is { Enabled: true, Port: { } port }) server = (KestrelMetricServer)new KestrelMetricServer(port).Start();
        else if (options.Value is { Enabled: true, Served: false })
            logger.LogInformation("Metrics are not served: set Metrics__Port (for example 9464) to serve /metrics on a port of its own, or Metrics__ServeBesideApi=true.");
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (server is not null) await server.StopAsync();
    }
}
