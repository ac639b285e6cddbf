using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionStore.ServiceInterface.Http;

namespace SessionStore.ServiceInterface.Admin;

/// <summary>The admin API group: everything below <c>/api/admin</c> needs the admin key.</summary>
public static class AdminApi
{
    public const string Tag = "Admin";

    public static RouteGroupBuilder MapAdmin(this IEndpointRouteBuilder routes)
    {
        if (!routes.ServiceProvider.GetRequiredService<IOptions<AdminOptions>>().Value.Enabled)
            routes.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("SessionStore")
                .LogInformation("The admin endpoints and admin UI are disabled: set Admin__ApiKey to enable them.");
        return routes.MapGroup("/admin").WithTags(Tag).RequireAdminKey().SameOriginOnly();
    }
}
