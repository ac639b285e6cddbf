using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.Storage;
using SessionStore.ServiceInterface.Storage.RequestLog;

namespace SessionStore.ServiceInterface.RequestLog;

/// <summary>The request log's admin endpoints: the logged requests, and requests and errors per minute.</summary>
public static class RequestLogApi
{
    public const string Tag = "Admin: requests";
    private const long MillisecondsPerMinute = 60_000;
    private const long MinutesPerDay = 24 * 60;

    /// <summary>The request log: the queue requests are handed to, and the writer that keeps them in logs.db.</summary>
    public static IServiceCollection AddRequestLog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RequestLogOptions>()
            .Bind(configuration.GetSection(RequestLogOptions.Section))
            .Validate(o => o.Days >= 1, "RequestLog:Days must be 1 or more.")
            .Validate(o => o.MaxRows >= 1, "RequestLog:MaxRows must be 1 or more.")
            .Validate(o => o.FlushInterval > TimeSpan.Zero, "RequestLog:FlushInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton<RequestLogBuffer>();
        services.AddSingleton<RequestLogStore>();
        services.AddHostedService<RequestLogWriter>();
        return services;
    }


    public static RouteGroupBuilder MapRequestLog(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("").WithApiTag(Tag, "The request log and its requests and errors per minute.");

        group.MapRequest<QueryRequestLog>(Query)
            .WithSummary("Read the request log")
            .WithDescription("Every /api request with its time, method, route template, status, duration, a salted hash of the client address and " +
                             "the session it concerned, newest first; filtered by status class, route and time range, and paged.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapRequest<GetRequestTimeline>(Timeline)
            .WithSummary("Requests and errors per minute, last 24 hours")
            .WithDescription("Counts per UTC minute over the last 24 hours (4xx and 5xx apart), for all routes or one; and the same window per route, busiest first. " +
                             "The counts are kept apart from the logged requests, so they stay whole when RequestLog:MaxRows trims the log.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return group;
    }

    private static async Task<Results<Ok<RequestLogPage>, ProblemHttpResult>> Query(
        [AsParameters] QueryRequestLog request, RequestLogStore store, IOptions<RequestLogOptions> options, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled) return Off();
        var statusFrom = request.Status is { } status ? (int)status * 100 : (int?)null;
        var filter = new RequestLogFilter(statusFrom, statusFrom + 100, request.Route,
            request.From is { } from ? UnixTime.FromDateTime(from) : null,
            request.To is { } to ? UnixTime.FromDateTime(to) : null);
        try
        {
            var (total, rows) = await store.QueryAsync(filter, request.Skip, request.Take, cancellationToken);
            return TypedResults.Ok(new RequestLogPage(total, request.Skip, request.Take, [.. rows.Select(r => new LoggedRequest(
                UnixTime.ToDateTime(r.At), r.Method, r.Route, r.Status, r.DurationMs, r.Client, r.SessionId is null ? null : Guid.Parse(r.SessionId)))]));
        }
        catch (SqliteException e)
        {
            return Unreadable(store, e);
        }
    }

    private static async Task<Results<Ok<RequestTimeline>, ProblemHttpResult>> Timeline(
        [AsParameters] GetRequestTimeline request, RequestLogStore store, IOptions<RequestLogOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled) return Off();
        var thisMinute = UnixTime.Now(time) / MillisecondsPerMinute;
        var firstMinute = thisMinute - MinutesPerDay + 1;
        try
        {
            var (minutes, routes) = await store.CountAsync(firstMinute, request.Route, cancellationToken);
            return TypedResults.Ok(new RequestTimeline(
                MinuteStart(firstMinute),
                MinuteStart(thisMinute + 1),
                [.. minutes.Select(m => new RequestMinute(MinuteStart(m.Minute), m.Requests, m.ClientErrors, m.ServerErrors))],
                [.. routes.Select(r => new RouteTraffic(r.Route, r.Requests, r.ClientErrors, r.ServerErrors))]));
        }
        catch (SqliteException e)
        {
            return Unreadable(store, e);
        }
    }

    private static DateTime MinuteStart(long minute) => UnixTime.ToDateTime(minute * MillisecondsPerMinute);

    private static ProblemHttpResult Off() =>
        Problems.NotFound("The request log is off: set RequestLog__Enabled=true to keep one.");

    private static ProblemHttpResult Unreadable(RequestLogStore store, SqliteException e) =>
        Problems.Unavailable($"The request log {store.FilePath} cannot be read: {e.Message}");
}
