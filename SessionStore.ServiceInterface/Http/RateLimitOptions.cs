namespace SessionStore.ServiceInterface.Http;

/// <summary>The <c>RateLimits</c> configuration section: every limit the service enforces.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sessions one client address may start per window.</summary>
    public WindowLimit SessionCreates { get; set; } = new(60, TimeSpan.FromMinutes(1));

    /// <summary>Writes (update, complete, abandon) one session may take per window.</summary>
    public WindowLimit SessionWrites { get; set; } = new(20, TimeSpan.FromSeconds(1));

    /// <summary>Wrong admin keys one client address may send per window before it is locked out.</summary>
    public WindowLimit FailedAdminKeys { get; set; } = new(10, TimeSpan.FromMinutes(1));

    /// <summary>How long a locked-out address gets 429 from every admin endpoint, even with the right key.</summary>
    public TimeSpan AdminLockout { get; set; } = TimeSpan.FromMinutes(15);
}
