using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Prometheus;

namespace SessionStore.ServiceInterface.Metrics;

/// <summary>With <see cref="MetricsOptions.Port"/>, a small server of its own that answers /metrics and nothing else.</summary>
internal sealed class MetricsPort(IOptions<MetricsOptions> options) : IHostedService
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
