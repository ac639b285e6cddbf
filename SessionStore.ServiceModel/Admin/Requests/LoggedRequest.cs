namespace SessionStore.ServiceModel;

/// <summary>
/// One API request as the log keeps it. <c>Route</c> is the route template (null when no route matched);
/// <c>Client</c> is a salted hash of the client's address, the same for the same address, never the address.
/// </summary>
public sealed record LoggedRequest(
    DateTime At,
    string Method,
    string? Route,
    int Status,
    double DurationMs,
    string Client,
    Guid? SessionId);
