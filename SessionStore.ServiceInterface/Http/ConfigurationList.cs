using Microsoft.Extensions.Configuration;

namespace SessionStore.ServiceInterface.Http;

/// <summary>
/// A list setting, given either as numbered keys (<c>Cors__AllowedOrigins__0</c>, <c>__1</c>, ...) or as one
/// comma-separated value (<c>Cors__AllowedOrigins=https://a.example,https://b.example</c>), which is easier in compose files.
/// </summary>
public static class ConfigurationList
{
    public static string[] Read(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = section.Value is { } single ? [single] : section.GetChildren().Select(c => c.Value ?? "");
        return [.. values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
    }
}
