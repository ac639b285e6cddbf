using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SessionStore.ServiceInterface.Http;

/// <summary>
/// CORS for game frontends on other origins (a CDN, another port, an itch.io page). <c>Cors:AllowedOrigins</c>
/// lists them (<c>https://game.example.com</c>, <c>https://*.example.com</c> for any subdomain, or <c>*</c>);
/// empty, the default, allows none, and only pages the service serves itself can call it. The public API
/// allows GET, POST and PATCH with Authorization (the session token) and Content-Type; no cookies are ever
/// involved, so no credentials mode. The admin endpoints never answer another origin.
/// </summary>
public static class CrossOrigin
{
    public const string Section = "Cors";
    public const string GameFrontendsPolicy = "GameFrontends";

    public static IServiceCollection AddCrossOrigin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCors();
        // Read when the options are first needed (at start, by ValidateOnStart), so every configuration source is in.
        services.AddOptions<CorsOptions>()
            .Configure(options => options.AddPolicy(GameFrontendsPolicy, policy =>
            {
                var origins = ConfigurationList.Read(configuration, $"{Section}:AllowedOrigins").Select(Normalize).ToArray();
                if (origins.Contains("*")) policy.AllowAnyOrigin();
                else policy.WithOrigins(origins).SetIsOriginAllowedToAllowWildcardSubdomains();
                policy.WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Patch)
                      .WithHeaders("Authorization", "Content-Type")
                      .WithExposedHeaders("Location", "Retry-After")
                      .SetPreflightMaxAge(TimeSpan.FromHours(1));
            }))
            .ValidateOnStart();
        return services;
    }

    /// <summary>Answers the allowed origins, preflights included.</summary>
    public static TBuilder AllowGameFrontends<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireCors(GameFrontendsPolicy);

    /// <summary>Never answers another origin, whatever a surrounding group allows: a preflight gets no CORS headers, so the browser sends nothing.</summary>
    public static TBuilder SameOriginOnly<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new Microsoft.AspNetCore.Cors.DisableCorsAttribute());

    /// <summary>An origin as browsers send it: scheme, host and port, no path, no trailing slash.</summary>
    private static string Normalize(string origin)
    {
        if (origin == "*") return origin;
        var trimmed = origin.TrimEnd('/');
        var wildcard = trimmed.Contains("://*.", StringComparison.Ordinal);
        var parsed = wildcard ? trimmed.Replace("://*.", "://wildcard.", StringComparison.Ordinal) : trimmed;
        if (!Uri.TryCreate(parsed, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/" || uri.Query != "")
            throw new OptionsValidationException(Section, typeof(CorsOptions), [
                $"{Section}:AllowedOrigins: '{origin}' is not an origin; write it as the browser sends it, e.g. https://game.example.com or http://localhost:5173."]);
        return trimmed;
    }
}
