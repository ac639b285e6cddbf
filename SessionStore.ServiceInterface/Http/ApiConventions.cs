using Microsoft.AspNetCore.Mvc;

namespace SessionStore.ServiceInterface.Http;

public static class ApiConventions
{
    /// <summary>The JSON API takes small bodies; anything larger is refused with 413 before it is read.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    /// <summary>
    /// What every JSON API endpoint shares: request validation, the body size limit, CORS for game frontends, and a per-address
    /// limit, the reads' unless an endpoint names its own (the admin endpoints have the admin key's instead).
    /// </summary>
    public static RouteGroupBuilder WithApiConventions(this RouteGroupBuilder api) =>
        api.WithRequestValidation()
           .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBodyBytes))
           .AllowGameFrontends()
           .LimitedBy(RateLimits.ReadsPolicy);
}
