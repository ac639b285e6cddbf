using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SessionStore.ServiceInterface;

/// <summary>How the service says it cannot start: one sentence in the log, no stack trace.</summary>
public static class StartupFailure
{
    public static void Log(IHost host, string reason) =>
        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SessionStore").LogCritical("SessionStore cannot start: {Reason}", reason);
}
