namespace SessionStore.ServiceInterface.Storage.RequestLog;

/// <summary>Which logged requests to read: status in [StatusFrom, StatusTo), one route, start time in [From, To), and a page.</summary>
public sealed record RequestLogFilter(int? StatusFrom, int? StatusTo, string? Route, long? From, long? To);
