namespace SessionStore.ServiceInterface.Storage.RequestLog;

/// <summary>A request as logs.db keeps it: times in Unix milliseconds, the client already hashed.</summary>
public sealed record RequestLogRow(long At, string Method, string? Route, int Status, double DurationMs, string Client, string? SessionId);
