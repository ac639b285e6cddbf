namespace SessionStore.ServiceInterface.Metrics;

/// <summary>The <c>Metrics</c> configuration section.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Serve /metrics at all. Off, no meter is listened to and recording costs next to nothing.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Serve /metrics on this port only (all interfaces), instead of beside the API, so it need not be public.</summary>
    public int? Port { get; set; }
}
