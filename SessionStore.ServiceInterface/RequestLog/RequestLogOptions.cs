namespace SessionStore.ServiceInterface.RequestLog;

/// <summary>The <c>RequestLog</c> configuration section.</summary>
public sealed class RequestLogOptions
{
    public const string Section = "RequestLog";

    /// <summary>Log every /api request to logs.db. Off, the request log's admin endpoints answer 404.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests older than this many days are deleted.</summary>
    public int Days { get; set; } = 7;

    /// <summary>At most this many requests are kept, the newest.</summary>
    public long MaxRows { get; set; } = 200_000;

    /// <summary>How often the queued requests are written, in one transaction.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);
}
