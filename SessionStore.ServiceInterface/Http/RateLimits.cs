using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SessionStore.ServiceInterface.Http;

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
                RateLimitPartition.GetFixedWindowLimiter(SessionScope.RouteKeyOf(context) ?? "", _ => limits.SessionWrites.ToLimiterOptions()));
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
