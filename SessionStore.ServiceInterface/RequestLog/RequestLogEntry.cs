using System.Net;

namespace SessionStore.ServiceInterface.RequestLog;

/// <summary>
/// What the request path hands to the log: a few fields, no formatting, no hashing, no I/O.
/// <c>SessionKey</c> is the session id as the route spelled it; <c>CreatedSession</c> the session the request created.
/// </summary>
public readonly record struct RequestLogEntry(long At, string Method, string? Route, int Status, double DurationMs, IPAddress? Client, string? SessionKey, Guid? CreatedSession);
