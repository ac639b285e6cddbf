using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace SessionStore.ServiceInterface.Http;

/// <summary>
/// Query values of a request DTO's enum properties are read by their JSON names (<c>status=active</c>,
/// <c>status=2xx</c>), as they are in a body and in the OpenAPI document. ASP.NET Core's own binding would take only the
/// C# name, exactly as written, or any number; so before it runs each such value is checked and turned into the C#
/// name, and a value that names no member is answered with a validation problem that lists the names it may be.
/// </summary>
public static class EnumQueryValues
{
    /// <summary>Endpoint metadata: the query parameters that hold enums, by name.</summary>
    public sealed record Parameters(IReadOnlyDictionary<string, EnumNames> ByName);

    /// <summary>A query parameter (its name as clients write it) and its enum's members by their JSON names.</summary>
    public sealed record EnumNames(string Parameter, IReadOnlyDictionary<string, string> MemberByJsonName)
    {
        /// <summary>"a, b or c": the names a value may be.</summary>
        public string Allowed => MemberByJsonName.Count == 1
            ? MemberByJsonName.Keys.Single()
            : $"{string.Join(", ", MemberByJsonName.Keys.SkipLast(1))} or {MemberByJsonName.Keys.Last()}";
    }

    public static Parameters ParametersOf(Type request) => new(request.GetProperties()
        .Where(p => (Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType).IsEnum)
        .Select(p => NamesOf(JsonNamingPolicy.CamelCase.ConvertName(p.Name), Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType))
        .ToDictionary(names => names.Parameter, StringComparer.OrdinalIgnoreCase));

    /// <summary>Place it after routing has chosen the endpoint (anywhere in the pipeline of a WebApplication).</summary>
    public static IApplicationBuilder UseEnumQueryValues(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<Parameters>() is { ByName.Count: > 0 } parameters && context.Request.QueryString.HasValue)
        {
            var query = QueryHelpers.ParseQuery(context.Request.QueryString.Value);
            var errors = new Dictionary<string, string[]>();
            foreach (var (key, values) in query)
            {
                if (!parameters.ByName.TryGetValue(key, out var names)) continue;
                var members = values.Select(value => value is not null && names.MemberByJsonName.TryGetValue(value, out var member) ? member : null).ToArray();
                if (members.Any(member => member is null)) errors[names.Parameter] = [$"{names.Parameter} must be {names.Allowed}."];
                else query[key] = new StringValues(members);
            }
            if (errors.Count > 0)
            {
                await TypedResults.ValidationProblem(errors).ExecuteAsync(context);
                return;
            }
            context.Request.Query = new QueryCollection(query);
        }
        await next(context);
    });

    private static EnumNames NamesOf(string parameter, Type enumType) => new(parameter, enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToDictionary(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name, f => f.Name, StringComparer.Ordinal));
}
