using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace SessionStore.ServiceInterface.Http;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and the API explorer (Scalar) over it at <c>/ui</c>.</summary>
public static class ApiDocumentation
{
    public const string DocumentName = "v1";
    public const string DocumentRoute = "/openapi/{documentName}.json";
    public const string ExplorerPath = "/ui";

    private static readonly string Version =
        typeof(ApiDocumentation).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0";

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, context, _) =>
            {
                var tagDescriptions = context.DescriptionGroups.SelectMany(group => group.Items)
                    .SelectMany(api => api.ActionDescriptor.EndpointMetadata.OfType<ApiTag>())
                    .DistinctBy(tag => tag.Name)
                    .ToDictionary(tag => tag.Name, tag => tag.Description);
                document.Info = new OpenApiInfo
                {
                    Title = "SessionStore API",
                    Version = Version,
                    Description = "Game sessions, their statistics and high scores, kept in one SQLite file. " +
                                  "Writes to a session need its token (returned once, when it is created); the admin endpoints need the operator's X-Admin-Key. " +
                                  "Errors are RFC 9457 problem documents.",
                    // The repository has no LICENSE file; MIT is the licence its one package manifest (clients/typescript) declares.
                    License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" },
                };
                // The server URL comes from the request, with a trailing slash; paths start with one already.
                foreach (var server in document.Servers ?? [])
                    if (server.Url is { Length: > 1 } url && url.EndsWith('/'))
                        server.Url = url.TrimEnd('/');
                foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
                    if (tag.Name is { } name && tagDescriptions.GetValueOrDefault(name) is { } description)
                        tag.Description = description;
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiCredential.SessionToken.SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "The token returned by CreateSession, shown only once. It authorizes writes to that one session.",
                };
                document.Components.SecuritySchemes[ApiCredential.AdminKey.SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "X-Admin-Key",
                    Description = "The operator's key, configured as Admin__ApiKey. Without one configured the admin endpoints answer 404.",
                };
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                // Metadata and table rows are free-form JSON objects: say so, or typed clients allow no keys at all.
                if (context.JsonTypeInfo.Type == typeof(JsonObject) && schema is OpenApiSchema objectSchema)
                    objectSchema.AdditionalProperties = new OpenApiSchema();
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                // An enum is a string, one of its members' JSON names; whether it may be null is up to where it is used.
                var type = context.JsonTypeInfo.Type;
                if ((Nullable.GetUnderlyingType(type) ?? type).IsEnum && schema is OpenApiSchema { Enum: { } names } enumSchema)
                {
                    enumSchema.Type = JsonSchemaType.String;
                    foreach (var none in names.Where(name => name is null).ToList()) names.Remove(none);
                }
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                // A response has every property its JSON contract writes unconditionally, null where it can be null: list them
                // as required, so typed clients read `number | null`, not an optional field. Request bodies keep theirs optional.
                if (schema is OpenApiSchema objectSchema && IsResponseContract(context.JsonTypeInfo.Type))
                    objectSchema.Required = context.JsonTypeInfo.Properties
                        .Where(p => p.Get is not null && p.ShouldSerialize is null && objectSchema.Properties?.ContainsKey(p.Name) == true)
                        .Select(p => p.Name)
                        .ToHashSet();
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                // [AsParameters] names query parameters after the DTO's properties; binding ignores case,
                // and clients write JSON's camelCase, so the document does too.
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                    parameter.Name = JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!);
                // A response declared with a description keeps it (minimal APIs' metadata reader passes only the status and type on).
                foreach (var declared in context.Description.ActionDescriptor.EndpointMetadata.OfType<IProducesResponseTypeMetadata>())
                    if (declared.Description is { } description &&
                        operation.Responses?.GetValueOrDefault(declared.StatusCode.ToString(CultureInfo.InvariantCulture)) is OpenApiResponse response)
                        response.Description = description;
                // An operation with no credential says so with an empty list, rather than by leaving security out.
                operation.Security ??= [];
                foreach (var credential in context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiCredential>().Distinct())
                    operation.Security.Add(new OpenApiSecurityRequirement
                    {
                        [new OpenApiSecuritySchemeReference(credential.SchemeName, context.Document)] = [],
                    });
                return Task.CompletedTask;
            });
        });

    /// <summary>A type of the API contract (SessionStore.ServiceModel) that is not a request DTO: a response or a part of one.</summary>
    private static bool IsResponseContract(Type type) =>
        type.Assembly == typeof(Session).Assembly && type.IsClass && type.GetCustomAttribute<RouteAttribute>() is null;

    public static IEndpointRouteBuilder MapApiExplorer(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi(DocumentRoute).LimitedBy(RateLimits.ApiExplorerPolicy);
        // Scalar serves its own script from the package; with no web fonts, telemetry or hosted AI agent,
        // the explorer works with no internet access and sends nothing elsewhere. A typed credential stays in the page's
        // memory (no persistent authentication), so a session token or the admin key is gone with the tab.
        routes.MapScalarApiReference(ExplorerPath, options => options
            .WithTitle("SessionStore API explorer")
            .WithOpenApiRoutePattern(DocumentRoute)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .HideDeveloperTools()
            .AddPreferredSecuritySchemes([ApiCredential.SessionToken.SchemeName, ApiCredential.AdminKey.SchemeName])
            .WithNonce())
            .LimitedBy(RateLimits.ApiExplorerPolicy)
            .WithMetadata(new ContentSecurityPolicy(ExplorerPolicy));
        return routes;
    }

    /// <summary>
    /// The explorer's policy: the pages' (<see cref="SecurityHeaders.DefaultPolicy"/>), but its inline start-up script runs by
    /// the nonce Scalar puts on it for this response, and Scalar sets styles inline as it renders (Chromium blocks it otherwise).
    /// </summary>
    private static string ExplorerPolicy(HttpContext context) =>
        SecurityHeaders.Policy(scripts: $"'self' 'nonce-{context.Items[ScalarOptions.NonceHttpContextItemKey]}'", styles: "'self' 'unsafe-inline'");
}
