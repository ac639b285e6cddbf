using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SessionStore.ServiceModel;

namespace SessionStore.Client;

/// <summary>
/// The HTTP request a request DTO stands for, read from its <see cref="RouteAttribute"/>: the properties its path names
/// fill the path; the others go in the query of a GET and in the JSON body of anything else.
/// </summary>
internal sealed class ApiRequest
{
    private static readonly ConcurrentDictionary<Type, ApiRequest> Shapes = new();
    private static readonly Regex Placeholder = new(@"\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:[^}]*)?\}", RegexOptions.CultureInvariant);

    private readonly RouteAttribute route;
    private readonly PropertyInfo[] pathProperties;
    private readonly PropertyInfo[] otherProperties;

    private ApiRequest(Type type)
    {
        route = type.GetCustomAttribute<RouteAttribute>()
                ?? throw new InvalidOperationException($"{type.Name} has no [Route]: it is not a request DTO of this API.");
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var inPath = new HashSet<string>(Placeholder.Matches(route.Path).Cast<Match>().Select(m => m.Groups["name"].Value), StringComparer.OrdinalIgnoreCase);
        pathProperties = [.. properties.Where(p => inPath.Contains(p.Name))];
        otherProperties = [.. properties.Where(p => !inPath.Contains(p.Name))];
        if (pathProperties.Length != inPath.Count)
            throw new InvalidOperationException($"{type.Name}'s route {route.Path} names a property it does not have.");
    }

    public static ApiRequest Of(Type requestType) => Shapes.GetOrAdd(requestType, type => new ApiRequest(type));

    /// <summary>The route's path as a relative URI (so a base address with a path prefix works), filled from <paramref name="request"/>.</summary>
    public string PathOf(object request)
    {
        var path = Placeholder.Replace(route.Path, match =>
        {
            var property = pathProperties.First(p => string.Equals(p.Name, match.Groups["name"].Value, StringComparison.OrdinalIgnoreCase));
            return Uri.EscapeDataString(Text(property.GetValue(request))
                ?? throw new ArgumentException($"{property.Name} is needed for {route.Path}.", nameof(request)));
        });
        return path.TrimStart('/');
    }

    public HttpRequestMessage Message(object request, JsonSerializerOptions json)
    {
        var isGet = route.Verb.Equals("GET", StringComparison.OrdinalIgnoreCase);
        var message = new HttpRequestMessage(new HttpMethod(route.Verb), PathOf(request) + (isGet ? Query(request) : ""));
        // The body carries what the path does not; a request with nothing else has none.
        if (!isGet && otherProperties.Length > 0) message.Content = JsonContent.Create(Body(request, json), options: json);
        return message;
    }

    private JsonObject Body(object request, JsonSerializerOptions json)
    {
        var body = JsonSerializer.SerializeToNode(request, request.GetType(), json)!.AsObject();
        foreach (var property in pathProperties) body.Remove(json.PropertyNamingPolicy?.ConvertName(property.Name) ?? property.Name);
        return body;
    }

    private string Query(object request)
    {
        var query = new StringBuilder();
        foreach (var property in otherProperties)
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            foreach (var value in Values(property.GetValue(request)))
                query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
        return query.ToString();
    }

    private static IEnumerable<string> Values(object? value) => value switch
    {
        null => [],
        string text => [text],
        IEnumerable many => many.Cast<object?>().Select(Text).OfType<string>(),
        _ => Text(value) is { } text ? [text] : [],
    };

    /// <summary>A value as the service reads it from a URL: enums by their JSON names, times in ISO 8601 UTC.</summary>
    private static string? Text(object? value) => value switch
    {
        null => null,
        string text => text,
        bool flag => flag ? "true" : "false",
        Enum => JsonSerializer.Serialize(value, value.GetType()).Trim('"'),
        DateTime time => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
