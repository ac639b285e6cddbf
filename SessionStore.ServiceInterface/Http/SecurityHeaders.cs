namespace SessionStore.ServiceInterface.Http;

/// <summary>
/// Headers on every response: no MIME sniffing, no referrer (a page's address never leaves in one), and a content security
/// policy: only this server's own files run, and no other site may frame a page (clickjacking). A page that needs more (the
/// API explorer's inline start-up script) gives its own policy as <see cref="ContentSecurityPolicy"/> endpoint metadata.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The pages' policy: scripts and styles from this server's files only.</summary>
    public static readonly string DefaultPolicy = Policy(scripts: "'self'", styles: "'self'");

    /// <summary>Nothing is allowed but what is named: this server's scripts, styles, images and fonts, calls to this server, no framing.</summary>
    public static string Policy(string scripts, string styles) =>
        $"default-src 'none'; script-src {scripts}; style-src {styles}; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>First in the pipeline, so every answer has them, errors and refusals included.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = context.GetEndpoint()?.Metadata.GetMetadata<ContentSecurityPolicy>()?.For(context) ?? DefaultPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    });
}

/// <summary>Endpoint metadata: the content security policy of a page that needs more than <see cref="SecurityHeaders.DefaultPolicy"/>.</summary>
public sealed record ContentSecurityPolicy(Func<HttpContext, string> For);
