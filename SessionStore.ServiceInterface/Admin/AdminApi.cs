using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SessionStore.ServiceInterface.Http;

namespace SessionStore.ServiceInterface.Admin;

/// <summary>The admin API group: everything below <c>/api/admin</c> needs the admin key and answers only its own origin.</summary>
public static class AdminApi
{
    public const string Tag = "Admin";

    public static IServiceCollection AddAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdminOptions>()
            .Bind(configuration.GetSection(AdminOptions.Section))
            .Validate(o => o.KeyIsLongEnough,
                $"Admin__ApiKey must be at least {AdminOptions.MinimumKeyLength} characters long; make one with: openssl rand -base64 32")
            .ValidateOnStart();
        services.AddSingleton<AdminKeyLockout>();
        services.AddHostedService<AdminStartupNotice>();
        return services;
    }

    /// <summary>The admin key is the admin endpoints' limit (<see cref="AdminKeyLockout"/>): no per-address limit can refuse the operator.</summary>
    public static RouteGroupBuilder MapAdmin(this IEndpointRouteBuilder routes) =>
        routes.MapGroup("").WithApiTag(Tag, "The operator's view of storage: its report, backups and recovery events.")
            .RequireAdminKey().SameOriginOnly().DisableRateLimiting();
}
