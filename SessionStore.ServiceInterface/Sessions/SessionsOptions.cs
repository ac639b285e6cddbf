namespace SessionStore.ServiceInterface.Sessions;

/// <summary>The <c>Sessions</c> configuration section.</summary>
public sealed class SessionsOptions
{
    public const string Section = "Sessions";

    /// <summary>An active session with no heartbeat for this long is marked abandoned.</summary>
    public TimeSpan AbandonAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the sweep for such sessions runs.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}
