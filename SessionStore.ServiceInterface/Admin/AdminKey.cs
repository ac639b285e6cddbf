using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SessionStore.ServiceInterface.Http;

namespace SessionStore.ServiceInterface.Admin;

/// <summary>
/// Guards the admin endpoints with <c>X-Admin-Key</c>. With no key configured they answer 404, as if
/// they did not exist; a missing or wrong key is 401. The comparison takes the same time for any key.
/// </summary>
public static class AdminKey
{
    public const string Header = "X-Admin-Key";

    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value;
            if (!options.Enabled)
                return Problems.NotFound("The admin endpoints are disabled: set Admin__ApiKey to enable them.");
            if (!Matches(context.HttpContext.Request.Headers[Header].ToString(), options.ApiKey!))
                return Problems.Unauthorized(context.HttpContext, Header, $"Send the admin key in the {Header} header.");
            return await next(context);
        });
        builder.WithMetadata(ApiCredential.AdminKey);
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status404NotFound, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        return builder;
    }

    /// <summary>Hashing first makes both sides the same length, so the comparison cannot leak the key's length either.</summary>
    public static bool Matches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
