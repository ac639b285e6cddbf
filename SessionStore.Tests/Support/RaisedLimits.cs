namespace SessionStore.Tests.Support;

/// <summary>
/// The suites start hundreds of sessions from one address within a minute, so every service they start has
/// the session rate limits raised, unless a test sets its own. RateLimitTests test the limits themselves.
/// </summary>
public static class RaisedLimits
{
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["RateLimits:SessionCreates:PermitLimit"] = "1000000",
        ["RateLimits:SessionWrites:PermitLimit"] = "1000000",
    };

    /// <summary>The same as environment variables, for a real process.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Environment =>
        Settings.Select(s => KeyValuePair.Create(s.Key.Replace(":", "__", StringComparison.Ordinal), s.Value));
}
