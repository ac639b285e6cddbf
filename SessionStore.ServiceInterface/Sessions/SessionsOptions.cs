namespace SessionStore.ServiceInterface.Sessions;

/// <summary>The <c>Sessions</c> configuration section.</summary>
public sealed class SessionsOptions
{
    public const string Section = "Sessions";

    /// <summary>An active session with no heartbeat for this long is marked abandoned.</summary>
    public TimeSpan AbandonAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the sweep for such sessions runs.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The highest score a session may report. The default, 10^15, is far above any real game's and below 2^53, the largest
    /// integer a JavaScript number holds exactly, so every score reads back the same in a browser.
    /// </summary>
    public long MaxScore { get; set; } = 1_000_000_000_000_000;
}
