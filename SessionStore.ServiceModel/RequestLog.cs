using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SessionStore.ServiceModel;

/// <summary>Reads a page of the request log, newest first, filtered by status class, route and time.</summary>
public sealed record QueryRequestLog(
    [property: Description("Only requests answered with this class of status: 2xx, 3xx, 4xx or 5xx.")]
    [property: AllowedValues(null, "2xx", "3xx", "4xx", "5xx", ErrorMessage = "{0} must be 2xx, 3xx, 4xx or 5xx.")]
    string? Status = null,
    [property: Description("Only requests to this route template, e.g. /api/sessions/{id:guid}.")]
    [property: StringLength(Limits.RouteLength, MinimumLength = 1)]
    string? Route = null,
    [property: Description("Only requests that started at or after this time (UTC).")]
    DateTime? From = null,
    [property: Description("Only requests that started before this time (UTC).")]
    DateTime? To = null,
    [property: Description("How many requests to skip.")]
    [property: Range(0, int.MaxValue)]
    int Skip = 0,
    [property: Description("How many requests to return, at most 500.")]
    [property: Range(1, Limits.MaxQueryTake)]
    int Take = Limits.DefaultQueryTake);

/// <summary>One page of logged requests. <c>Total</c> counts every logged request that passes the filters.</summary>
public sealed record RequestLogPage(long Total, int Skip, int Take, IReadOnlyList<LoggedRequest> Results);

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

/// <summary>Counts requests and errors per minute over the last 24 hours, optionally for one route.</summary>
public sealed record GetRequestTimeline(
    [property: Description("Only this route template; all routes if not given.")]
    [property: StringLength(Limits.RouteLength, MinimumLength = 1)]
    string? Route = null);

/// <summary>
/// Requests per minute from <c>From</c> to <c>To</c> (24 hours, whole UTC minutes). Minutes with no requests
/// are left out. <c>Routes</c> totals the same window per route, busiest first.
/// </summary>
public sealed record RequestTimeline(
    DateTime From,
    DateTime To,
    IReadOnlyList<RequestMinute> Minutes,
    IReadOnlyList<RouteTraffic> Routes);

/// <summary>One minute's requests, of which <c>ClientErrors</c> were answered 4xx and <c>ServerErrors</c> 5xx.</summary>
public sealed record RequestMinute(DateTime Minute, long Requests, long ClientErrors, long ServerErrors);

/// <summary>One route's requests over the timeline's window. <c>Route</c> is null for requests that matched no route.</summary>
public sealed record RouteTraffic(string? Route, long Requests, long ClientErrors, long ServerErrors);
