using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Routing.Patterns;

namespace SessionStore.ServiceInterface.Http;

/// <summary>
/// Endpoints mapped from their request DTOs, as in ServiceStack: the DTO's <see cref="RouteAttribute"/> gives the verb
/// and path, its type name the operation's name, and its enum properties how the query is read. The handler only says
/// what the operation does.
/// </summary>
public static class ApiRoutes
{
    public static RouteHandlerBuilder MapRequest<TRequest>(this IEndpointRouteBuilder routes, Delegate handler)
    {
        var route = RouteOf(typeof(TRequest));
        return routes.MapMethods(route.Path, [route.Verb], handler)
            .WithName(typeof(TRequest).Name)
            .WithMetadata(EnumQueryValues.ParametersOf(typeof(TRequest)));
    }

    /// <summary>
    /// A JSON contract modifier: a request DTO read from a body has no properties that its route fills (a session's id), so
    /// a body that names one is refused as naming an unknown field, and the OpenAPI body schema leaves them out.
    /// </summary>
    public static void RouteValuesOutOfBody(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object || type.Type.GetCustomAttribute<RouteAttribute>() is not { } route || route.Verb == HttpMethods.Get) return;
        var inPath = RoutePatternFactory.Parse(route.Path).Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var property in type.Properties.Where(p => p.AttributeProvider is PropertyInfo info && inPath.Contains(info.Name)).ToList())
            type.Properties.Remove(property);
    }

    /// <exception cref="InvalidOperationException">The type is not a request DTO: it declares no route.</exception>
    public static RouteAttribute RouteOf(Type request) =>
        request.GetCustomAttribute<RouteAttribute>()
        ?? throw new InvalidOperationException($"{request.Name} has no [Route]: only request DTOs from SessionStore.ServiceModel are mapped.");
}
