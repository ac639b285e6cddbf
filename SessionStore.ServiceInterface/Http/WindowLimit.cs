using System.Globalization;
using System.Threading.RateLimiting;

namespace SessionStore.ServiceInterface.Http;

/// <summary>At most <see cref="PermitLimit"/> in each fixed <see cref="Window"/>.</summary>
public sealed class WindowLimit
{
    public WindowLimit() { }

    public WindowLimit(int permitLimit, TimeSpan window) => (PermitLimit, Window) = (permitLimit, window);

    public int PermitLimit { get; set; }
    public TimeSpan Window { get; set; }

    internal bool IsValid => PermitLimit >= 1 && Window > TimeSpan.Zero;

    internal FixedWindowRateLimiterOptions ToLimiterOptions() => new() { PermitLimit = PermitLimit, Window = Window, QueueLimit = 0 };

    public override string ToString() => $"{PermitLimit} per {Describe(Window)}";

    private static string Describe(TimeSpan window) => window switch
    {
        { TotalSeconds: 1 } => "second",
        { TotalMinutes: 1 } => "minute",
        { TotalHours: 1 } => "hour",
        _ => $"{window.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds",
    };
}
