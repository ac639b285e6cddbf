using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SessionStore.ServiceInterface.Http;

/// <summary>The <c>RateLimits</c> configuration section: every limit the service enforces.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sessions one client address may start per window.</summary>
    public WindowLimit SessionCreates { get; set; } = new(60, TimeSpan.FromMinutes(1));

    /// <summary>Writes (update, complete, abandon) one session may take per window.</summary>
    public WindowLimit SessionWrites { get; set; } = new(20, TimeSpan.FromSeconds(1));

    /// <summary>Wrong admin keys one client address may send per window before it is locked out.</summary>
    public WindowLimit FailedAdminKeys { get; set; } = new(10, TimeSpan.FromMinutes(1));

    /// <summary>How long a locked-out address gets 429 from every admin endpoint, even with the right key.</summary>
    public TimeSpan AdminLockout { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>At most <see cref="PermitLimit"/> in each fixed <see cref="Window"/>.</summary>
public sealed class WindowLimit
{
    public WindowLimit() { }

    public WindowLimit(int permitLimit, TimeSpan window) => (PermitLimit, Window) = (permitLimit, window);

    public int PermitLimit { get; set; }
    public TimeSpan Window { get; set; }

    internal bool IsValid => PermitLimit >= 1 && Window > TimeSpan.Zero;

    internal FixedWindowRateLimiterOptions ToLimiterOptions() => new() { PermitLimit = PermitLimit, Window = Window, QueueLimit = 0 };

    public override string ToString() => $"{PermitLimit} per {Describe(Window)}";

    private static string Describe(TimeSpan window) => window switch
    {
        { TotalSeconds: 1 } => "second",
        { TotalMinutes: 1 } => "minute",
        { TotalHours: 1 } => "hour",
        _ => $"{window.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds",
    };
}

/// <summary>
/// Rate limits on the public API with ASP.NET Core's rate limiter: session starts per client address and
/// writes per session, in fixed windows. A request over a limit gets 429 with <c>Retry-After</c> and a problem
/// that says which limit it hit. (Wrong admin keys are limited by <see cref="Admin.AdminKeyLockout"/>.)
/// </summary>
public static class RateLimits
{
    public const string SessionCreatesPolicy = "session-creates";
    public const string SessionWritesPolicy = "session-writes";

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>()
            .Bind(configuration.GetSection(RateLimitOptions.Section))
            .Validate(o => o.SessionCreates.IsValid && o.SessionWrites.IsValid && o.FailedAdminKeys.IsValid,
                "RateLimits: every PermitLimit must be 1 or more and every Window positive.")
            .Validate(o => o.AdminLockout >= TimeSpan.Zero, "RateLimits:AdminLockout must not be negative.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, configured) =>
        {
            var limits = configured.Value;
            limiter.AddPolicy(SessionCreatesPolicy, context =>
                RateLimitPartition.GetFixedWindowLimiter(ClientAddress.KeyOf(context), _ => limits.SessionCreates.ToLimiterOptions()));
            limiter.AddPolicy(SessionWritesPolicy, context =>
                RateLimitPartition.GetFixedWindowLimiter(context.Request.RouteValues["id"]?.ToString() ?? "", _ => limits.SessionWrites.ToLimiterOptions()));
            limiter.OnRejected = (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var policy = rejected.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
                var detail = policy == SessionWritesPolicy
                    ? $"Too many writes to this session: the limit is {limits.SessionWrites}."
                    : $"Too many sessions started from this address: the limit is {limits.SessionCreates}.";
                return new ValueTask(Problems.TooManyRequests(rejected.HttpContext, retryAfter, detail).ExecuteAsync(rejected.HttpContext));
            };
        });
        return services;
    }

    /// <summary>The limit and the 429 it can answer with, for the OpenAPI document.</summary>
    public static RouteHandlerBuilder LimitedBy(this RouteHandlerBuilder builder, string policy) =>
        builder.RequireRateLimiting(policy).ProducesProblem(StatusCodes.Status429TooManyRequests);
}
