namespace SessionStore.Tests.Support;

/// <summary>
/// The suites start hundreds of sessions and send thousands of requests from one address within a minute, so every
/// service they start has the per-address and per-session limits raised, unless a test sets its own. The wrong admin
/// keys' limit keeps its default. RateLimitTests and OpenInternetTests test the limits themselves.
/// </summary>
public static class RaisedLimits
{
    public static IReadOnlyDictionary<string, string> Settings { get; } =
        new[] { "SessionCreates", "SessionWrites", "Writes", "RefusedSessionWrites", "Reads", "Health", "ApiExplorer" }
            .ToDictionary(limit => $"RateLimits:{limit}:PermitLimit", _ => "1000000");

    /// <summary>The same as environment variables, for a real process.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Environment =>
        Settings.Select(s => KeyValuePair.Create(s.Key.Replace(":", "__", StringComparison.Ordinal), s.Value));
}
