using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SessionStore.ServiceModel;

/// <summary>Reads a page of the request log, newest first, filtered by status class, route and time.</summary>
[Route("/api/admin/requests/", "GET")]
public sealed record QueryRequestLog(
    [property: Description("Only requests answered with this class of status: 2xx, 3xx, 4xx or 5xx.")]
    StatusClass? Status = null,
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
    int Take = Limits.DefaultQueryTake) : IReturn<RequestLogPage>;

/// <summary>One page of logged requests. <c>Total</c> counts every logged request that passes the filters.</summary>
public sealed record RequestLogPage(long Total, int Skip, int Take, IReadOnlyList<LoggedRequest> Results);
