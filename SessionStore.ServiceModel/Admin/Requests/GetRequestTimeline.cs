using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SessionStore.ServiceModel;

/// <summary>Counts requests and errors per minute over the last 24 hours, optionally for one route.</summary>
[Route("/api/admin/requests/timeline", "GET")]
public sealed record GetRequestTimeline(
    [property: Description("Only this route template; all routes if not given.")]
    [property: StringLength(Limits.RouteLength, MinimumLength = 1)]
    string? Route = null) : IReturn<RequestTimeline>;

/// <summary>
/// Requests per minute from <c>From</c> to <c>To</c> (24 hours, whole UTC minutes). Minutes with no requests
/// are left out. <c>Routes</c> totals the same window per route, busiest first.
/// </summary>
public sealed record RequestTimeline(
    DateTime From,
    DateTime To,
    IReadOnlyList<RequestMinute> Minutes,
    IReadOnlyList<RouteTraffic> Routes);
