using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SessionStore.ServiceInterface.Admin;

/// <summary>Says once at startup that the admin endpoints are off, and how to turn them on.</summary>
internal sealed class AdminStartupNotice(IOptions<AdminOptions> options, ILogger<AdminStartupNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
            logger.LogInformation("The admin endpoints and admin UI are disabled: set Admin__ApiKey to enable them.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
