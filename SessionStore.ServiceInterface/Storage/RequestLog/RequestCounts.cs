namespace SessionStore.ServiceInterface.Storage.RequestLog;

/// <summary>Requests, 4xx and 5xx answers in one minute (Unix minutes) or for one route (null: matched none).</summary>
public sealed record RequestCounts(long Minute, string? Route, long Requests, long ClientErrors, long ServerErrors);
