namespace SessionStore.ServiceInterface.Http;

/// <summary>
/// The <c>RateLimits</c> configuration section: every limit the service enforces. The per-address defaults are sized for a
/// busy NAT (a school or an office, some 100 players behind one address) in normal play, so only floods reach them.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sessions one client address may start per window.</summary>
    public WindowLimit SessionCreates { get; set; } = new(300, TimeSpan.FromMinutes(1));

    /// <summary>Writes (update, complete, abandon) one session may take per window, from its token's holder.</summary>
    public WindowLimit SessionWrites { get; set; } = new(20, TimeSpan.FromSeconds(1));

    /// <summary>Session writes one client address may send per window, to any sessions.</summary>
    public WindowLimit Writes { get; set; } = new(12_000, TimeSpan.FromMinutes(1));

    /// <summary>Session writes refused for their token (none, a wrong one, or no such session) one client address may send per window.</summary>
    public WindowLimit RefusedSessionWrites { get; set; } = new(120, TimeSpan.FromMinutes(1));

    /// <summary>Reads of the public API (sessions, stats, high scores) one client address may send per window.</summary>
    public WindowLimit Reads { get; set; } = new(6_000, TimeSpan.FromMinutes(1));

    /// <summary>Health probes one client address may send per window: generous, so orchestrators and load balancers never meet it.</summary>
    public WindowLimit Health { get; set; } = new(6_000, TimeSpan.FromMinutes(1));

    /// <summary>Requests for the API explorer and the OpenAPI document (which the pages also read) one client address may send per window.</summary>
    public WindowLimit ApiExplorer { get; set; } = new(600, TimeSpan.FromMinutes(1));

    /// <summary>Wrong admin keys one client address may send per window before its wrong keys are refused outright.</summary>
    public WindowLimit FailedAdminKeys { get; set; } = new(10, TimeSpan.FromMinutes(1));

    /// <summary>How long a client address that sent too many wrong admin keys gets 429 for every further wrong key (the right key always passes).</summary>
    public TimeSpan AdminLockout { get; set; } = TimeSpan.FromMinutes(15);

    internal IEnumerable<WindowLimit> WindowLimits =>
        [SessionCreates, SessionWrites, Writes, RefusedSessionWrites, Reads, Health, ApiExplorer, FailedAdminKeys];
}
