using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SessionStore.ServiceInterface.Http;

/// <summary>
/// The per-address limits on the public endpoints, with ASP.NET Core's rate limiter in fixed windows: each endpoint names its
/// policy (the JSON API's reads by default). A request over a limit gets 429 with <c>Retry-After</c> and a problem that names the
/// limit's configuration key. The limits that depend on a credential are decided by their handlers with a <see cref="KeyedLimit{TKey}"/>:
/// a session's writes (<see cref="Sessions.SessionWriteGate"/>) and wrong admin keys (<see cref="Admin.AdminKeyLockout"/>).
/// </summary>
public static class RateLimits
{
    public const string SessionCreatesPolicy = "session-creates";
    public const string WritesPolicy = "writes";
    public const string ReadsPolicy = "reads";
    public const string HealthPolicy = "health";
    public const string ApiExplorerPolicy = "api-explorer";

    /// <summary>A policy's limit: its key in the RateLimits section, and what it counts, for the problem.</summary>
    private sealed record AddressLimit(string Key, string Counted, Func<RateLimitOptions, WindowLimit> Of);

    private static readonly Dictionary<string, AddressLimit> Policies = new()
    {
        [SessionCreatesPolicy] = new(nameof(RateLimitOptions.SessionCreates), "sessions started", o => o.SessionCreates),
        [WritesPolicy] = new(nameof(RateLimitOptions.Writes), "session writes", o => o.Writes),
        [ReadsPolicy] = new(nameof(RateLimitOptions.Reads), "reads", o => o.Reads),
        [HealthPolicy] = new(nameof(RateLimitOptions.Health), "health probes", o => o.Health),
        [ApiExplorerPolicy] = new(nameof(RateLimitOptions.ApiExplorer), "requests for the API explorer and its document", o => o.ApiExplorer),
    };

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>()
            .Bind(configuration.GetSection(RateLimitOptions.Section))
            .Validate(o => o.WindowLimits.All(limit => limit.IsValid), "RateLimits: every PermitLimit must be 1 or more and every Window positive.")
            .Validate(o => o.AdminLockout >= TimeSpan.Zero, "RateLimits:AdminLockout must not be negative.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, configured) =>
        {
            var limits = configured.Value;
            foreach (var (policy, limit) in Policies)
                limiter.AddPolicy(policy, context =>
                    RateLimitPartition.GetFixedWindowLimiter(ClientAddress.KeyOf(context), _ => limit.Of(limits).ToLimiterOptions()));
            limiter.OnRejected = (rejected, _) =>
            {
                var context = rejected.HttpContext;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var limit = Policies[context.GetEndpoint()!.Metadata.GetMetadata<EnableRateLimitingAttribute>()!.PolicyName!];
                return new ValueTask(Exceeded(context, retryAfter, $"Too many {limit.Counted} from this address", limit.Key, limit.Of(limits))
                    .ExecuteAsync(context));
            };
        });
        return services;
    }

    /// <summary>The per-address limit <paramref name="policy"/> on these endpoints, and the 429 it can answer with, for the OpenAPI document.</summary>
    public static TBuilder LimitedBy<TBuilder>(this TBuilder builder, string policy) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(policy).WithMetadata(new ProducesResponseTypeMetadata(
            StatusCodes.Status429TooManyRequests, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));

    /// <summary>429: what was too much, the limit with its key in the RateLimits section, and when to try again.</summary>
    public static ProblemHttpResult Exceeded(HttpContext context, TimeSpan retryAfter, string tooMuch, string key, WindowLimit limit) =>
        Problems.TooManyRequests(context, retryAfter, $"{tooMuch}: the limit is {limit} ({RateLimitOptions.Section}:{key}).");
}
