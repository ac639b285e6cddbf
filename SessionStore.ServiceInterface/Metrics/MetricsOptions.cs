namespace SessionStore.ServiceInterface.Metrics;

/// <summary>The <c>Metrics</c> configuration section.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Measure at all. Off, no meter is listened to and recording costs next to nothing.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Serve /metrics on this port (all interfaces), a small server of its own that need not be published.</summary>
    public int? Port { get; set; }

    /// <summary>Also serve /metrics beside the API, where anyone who reaches the API reads it. Off unless the operator asks.</summary>
    public bool ServeBesideApi { get; set; }

    /// <summary>Whether /metrics is served anywhere; if not, nothing listens to the meters.</summary>
    public bool Served => Enabled && (Port is not null || ServeBesideApi);
}
