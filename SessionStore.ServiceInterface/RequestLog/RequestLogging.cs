using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.RequestLog;

public static class RequestLogging
{
    private const string ApiPrefix = "/api";

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
            var sessionKey = SessionScope.RouteKeyOf(context);
            try
            {
                await next(context);
            }
            finally
            {
                var status = context.Response.StatusCode;
                queue.Add(new RequestLogEntry(at, context.Request.Method, route, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                    context.Connection.RemoteIpAddress, sessionKey, SessionScope.CreatedBy(context)));
            }
        });
    }
}
