namespace SessionStore.ServiceInterface.Stats;

public static class RequestCounting
{
    /// <summary>Counts every request this process answers, for <see cref="SystemStats.RequestsServed"/>.</summary>
    public static IApplicationBuilder UseRequestCounting(this IApplicationBuilder app)
    {
        var stats = app.ApplicationServices.GetService(typeof(ProcessStats)) as ProcessStats
            ?? throw new InvalidOperationException("AddSessionStore() registers ProcessStats.");
        return app.Use(async (context, next) =>
        {
            try { await next(context); }
            finally { stats.CountRequest(); }
        });
    }
}
