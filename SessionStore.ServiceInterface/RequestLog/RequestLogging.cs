using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.RequestLog;

/// <summary>
/// What the request path hands to the log: a few fields, no formatting, no hashing, no I/O.
/// <c>SessionReference</c> is the route's session id, or the Location of a created session.
/// </summary>
public readonly record struct RequestLogEntry(long At, string Method, string? Route, int Status, double DurationMs, IPAddress? Client, string? SessionReference);

/// <summary>
/// The queue between requests and <see cref="RequestLogWriter"/>. Bounded: if the writer falls behind (a slow
/// disk), requests are not held up and the newest entries are dropped and counted instead.
/// </summary>
public sealed class RequestLogBuffer
{
    public const int Capacity = 50_000;
    public const string MeterName = "SessionStore.RequestLog";

    private readonly Channel<RequestLogEntry> channel;

    public RequestLogBuffer(IMeterFactory meters)
    {
        var dropped = meters.Create(MeterName).CreateCounter<long>("dropped", "{request}",
            "Requests not logged because the log's queue was full.");
        channel = Channel.CreateBounded<RequestLogEntry>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => dropped.Add(1));
    }

    public ChannelReader<RequestLogEntry> Reader => channel.Reader;

    public void Add(RequestLogEntry entry) => channel.Writer.TryWrite(entry);
}

public static class RequestLogging
{
    private const string ApiPrefix = "/api";

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

    /// <summary>Logs every /api request once it is answered. Place it first, so it sees the status error handling sets.</summary>
    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        if (!app.ApplicationServices.GetRequiredService<IOptions<RequestLogOptions>>().Value.Enabled) return app;
        var queue = app.ApplicationServices.GetRequiredService<RequestLogBuffer>();
        var time = app.ApplicationServices.GetRequiredService<TimeProvider>();
        return app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments(ApiPrefix))
            {
                await next(context);
                return;
            }
            var at = UnixTime.Now(time);
            var started = Stopwatch.GetTimestamp();
            // Read before the handler runs: error handling clears the endpoint and route values.
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
            var sessionId = context.Request.RouteValues["id"] as string;
            try
            {
                await next(context);
            }
            finally
            {
                var status = context.Response.StatusCode;
                queue.Add(new RequestLogEntry(at, context.Request.Method, route, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                    context.Connection.RemoteIpAddress, sessionId ?? (status == StatusCodes.Status201Created ? context.Response.Headers.Location.ToString() : null)));
            }
        });
    }
}
