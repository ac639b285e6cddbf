namespace SessionStore.ServiceModel;

/// <summary>One route's requests over the timeline's window. <c>Route</c> is null for requests that matched no route.</summary>
public sealed record RouteTraffic(string? Route, long Requests, long ClientErrors, long ServerErrors);
