using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SessionStore.ServiceInterface.Http;

namespace SessionStore.ServiceInterface.Admin;

/// <summary>
/// Guards the admin endpoints with <c>X-Admin-Key</c>. With no key configured they answer 404, as if
/// they did not exist; a missing or wrong key is 401, and too many wrong keys lock the client out (429, see
/// <see cref="AdminKeyLockout"/>). The comparison takes the same time for any key.
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
            var lockout = context.HttpContext.RequestServices.GetRequiredService<AdminKeyLockout>();
            var client = ClientAddress.KeyOf(context.HttpContext);
            if (lockout.LockedOutFor(client) is { } left)
                return LockedOut(context.HttpContext, left);
            if (!Matches(context.HttpContext.Request.Headers[Header].ToString(), options.ApiKey!))
                return lockout.Failed(client) is { } lockedOut
                    ? LockedOut(context.HttpContext, lockedOut)
                    : Problems.Unauthorized(context.HttpContext, Header, $"Send the admin key in the {Header} header.");
            return await next(context);
        });
        builder.WithMetadata(ApiCredential.AdminKey);
        foreach (var status in new[] { StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests })
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        return builder;
    }

    private static ProblemHttpResult LockedOut(HttpContext context, TimeSpan left) =>
        Problems.TooManyRequests(context, left, "Too many wrong admin keys came from this address, so it is locked out of the admin endpoints for a while.");

    /// <summary>Hashing first makes both sides the same length, so the comparison cannot leak the key's length either.</summary>
    public static bool Matches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
