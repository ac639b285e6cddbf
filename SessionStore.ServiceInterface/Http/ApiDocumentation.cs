using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
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
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "SessionStore API",
                    Version = Version,
                    Description = "Game sessions, their statistics and high scores, kept in one SQLite file. " +
                                  "Writes to a session need its token (returned once, when it is created); the admin endpoints need the operator's X-Admin-Key. " +
                                  "Errors are RFC 9457 problem documents.",
                };
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
            options.AddOperationTransformer((operation, context, _) =>
            {
                // [AsParameters] names query parameters after the DTO's properties; binding ignores case,
                // and clients write JSON's camelCase, so the document does too.
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                    parameter.Name = JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!);
                foreach (var credential in context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiCredential>().Distinct())
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement
                    {
                        [new OpenApiSecuritySchemeReference(credential.SchemeName, context.Document)] = [],
                    });
                }
                return Task.CompletedTask;
            });
        });

    public static IEndpointRouteBuilder MapApiExplorer(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi(DocumentRoute);
        // Scalar serves its own script from the package; with no web fonts, telemetry or hosted AI agent,
        // the explorer works with no internet access and sends nothing elsewhere.
        routes.MapScalarApiReference(ExplorerPath, options => options
            .WithTitle("SessionStore API explorer")
            .WithOpenApiRoutePattern(DocumentRoute)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .HideDeveloperTools()
            .AddPreferredSecuritySchemes([ApiCredential.SessionToken.SchemeName, ApiCredential.AdminKey.SchemeName])
            .EnablePersistentAuthentication());
        return routes;
    }
}
