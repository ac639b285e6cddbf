using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SessionStore.Client;

/// <summary>The API answered with an error. <see cref="Problem"/> holds its RFC 9457 problem details, when it sent them.</summary>
public sealed class SessionStoreApiException(HttpStatusCode status, string message, ApiProblem? problem)
    : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
    public ApiProblem? Problem { get; } = problem;

    internal static async Task<SessionStoreApiException> FromResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ApiProblem? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                problem = await response.Content.ReadFromJsonAsync<ApiProblem>(JsonSerializerOptions.Web, cancellationToken);
            }
            catch (JsonException)
            {
                // Not a problem document after all; the status code still tells what happened.
            }
        }
        var summary = problem?.Detail ?? problem?.Title ?? response.ReasonPhrase ?? "The request failed.";
        return new SessionStoreApiException(response.StatusCode, $"{(int)response.StatusCode} {summary}", problem);
    }
}

/// <summary>An RFC 9457 problem document, with the per-field errors of a validation problem.</summary>
public sealed record ApiProblem(
    string? Type,
    string? Title,
    int? Status,
    string? Detail,
    IReadOnlyDictionary<string, string[]>? Errors);
