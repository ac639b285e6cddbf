using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SessionStore.ServiceInterface.Http;

namespace SessionStore.ServiceInterface.Admin;

/// <summary>
/// Guards the admin endpoints with <c>X-Admin-Key</c>. With no key configured they answer 404, as if they did not exist. No key is
/// 401 and costs nothing (a page the operator visits can make their browser send such requests); a wrong key is 401 and counts
/// towards its address's lockout (429, see <see cref="AdminKeyLockout"/>); the right key always passes. The comparison takes the
/// same time for any key.
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
            var presented = context.HttpContext.Request.Headers[Header].ToString();
            if (presented.Length > 0)
            {
                if (Matches(presented, options.ApiKey!)) return await next(context);
                if (context.HttpContext.RequestServices.GetRequiredService<AdminKeyLockout>().Failed(context.HttpContext) is { } lockedOut) return lockedOut;
            }
            return Problems.Unauthorized(context.HttpContext, Header, $"Send the admin key in the {Header} header.");
        });
        builder.WithMetadata(ApiCredential.AdminKey);
        foreach (var status in new[] { StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests })
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        return builder;
    }

    /// <summary>Hashing first makes both sides the same length, so the comparison cannot leak the key's length either.</summary>
    public static bool Matches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
