using System.Net.Http.Json;

namespace SessionStore.Tests.Support;

/// <summary>GET /health/ready, whatever its status code.</summary>
public static class Readiness
{
    public static async Task<HealthResponse> ReadAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("health/ready", UriKind.Relative));
        return (await response.Content.ReadFromJsonAsync<HealthResponse>(System.Text.Json.JsonSerializerOptions.Web))!;
    }
}
