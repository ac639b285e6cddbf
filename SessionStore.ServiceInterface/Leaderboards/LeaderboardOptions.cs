namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>The <c>Leaderboards</c> configuration section: what live board streams may hold.</summary>
public sealed class LeaderboardOptions
{
    public const string Section = "Leaderboards";

    /// <summary>Streams one client address (an IPv6 /64) may hold open at once.</summary>
    public int StreamsPerClient { get; set; } = 20;

    /// <summary>Streams the instance holds open at once, from everyone.</summary>
    public int MaxStreams { get; set; } = 10_000;

    /// <summary>How often the boards with subscribers are checked for a change, from this instance or any other.</summary>
    public TimeSpan StreamPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a stream may be silent before it sends a comment, so proxies keep it open.</summary>
    public TimeSpan StreamKeepAlive { get; set; } = TimeSpan.FromSeconds(15);
}
