using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SessionStore.ServiceModel;

namespace SessionStore.Client;

/// <summary>
/// A typed client for the SessionStore API: one method per operation, each taking that operation's
/// request DTO. Failures throw <see cref="SessionStoreApiException"/> with the server's problem details.
/// </summary>
public sealed class SessionStoreClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public HttpClient Http { get; } = http;

    public Task<CreateSessionResponse> CreateSessionAsync(CreateSession request, CancellationToken cancellationToken = default) =>
        SendAsync<CreateSessionResponse>(HttpMethod.Post, "api/sessions", request, token: null, cancellationToken);

    public Task<Session> GetSessionAsync(GetSession request, CancellationToken cancellationToken = default) =>
        SendAsync<Session>(HttpMethod.Get, $"api/sessions/{request.Id}", body: null, token: null, cancellationToken);

    public Task<QuerySessionsResponse> QuerySessionsAsync(QuerySessions request, CancellationToken cancellationToken = default) =>
        SendAsync<QuerySessionsResponse>(HttpMethod.Get, "api/sessions" + Query(
            ("status", request.Status), ("game", request.Game), ("playerName", request.PlayerName),
            ("skip", Text(request.Skip)), ("take", Text(request.Take))), body: null, token: null, cancellationToken);

    /// <summary>Reports score and/or metadata; also the heartbeat. <paramref name="token"/> is the session's write token.</summary>
    public Task<Session> UpdateSessionAsync(Guid id, UpdateSession request, string token, CancellationToken cancellationToken = default) =>
        SendAsync<Session>(HttpMethod.Patch, $"api/sessions/{id}", request, token, cancellationToken);

    public Task<Session> CompleteSessionAsync(Guid id, CompleteSession request, string token, CancellationToken cancellationToken = default) =>
        SendAsync<Session>(HttpMethod.Post, $"api/sessions/{id}/complete", request, token, cancellationToken);

    public Task<Session> AbandonSessionAsync(AbandonSession request, string token, CancellationToken cancellationToken = default) =>
        SendAsync<Session>(HttpMethod.Post, $"api/sessions/{request.Id}/abandon", body: null, token, cancellationToken);

    public Task<StatsResponse> GetStatsAsync(GetStats request, CancellationToken cancellationToken = default) =>
        SendAsync<StatsResponse>(HttpMethod.Get, "api/stats", body: null, token: null, cancellationToken);

    public Task<HighScoresResponse> GetHighScoresAsync(GetHighScores request, CancellationToken cancellationToken = default) =>
        SendAsync<HighScoresResponse>(HttpMethod.Get, "api/highscores" + Query(
            ("game", request.Game), ("take", Text(request.Take))), body: null, token: null, cancellationToken);

    // The admin operations need the admin key (Admin__ApiKey on the server), sent as X-Admin-Key.

    public Task<StorageReport> GetStorageAsync(GetStorage request, string adminKey, CancellationToken cancellationToken = default) =>
        SendAsync<StorageReport>(Admin(HttpMethod.Get, "api/admin/storage", adminKey), cancellationToken);

    public Task<IReadOnlyList<BackupInfo>> ListBackupsAsync(ListBackups request, string adminKey, CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<BackupInfo>>(Admin(HttpMethod.Get, "api/admin/backups", adminKey), cancellationToken);

    public Task<BackupInfo> CreateBackupAsync(CreateBackup request, string adminKey, CancellationToken cancellationToken = default) =>
        SendAsync<BackupInfo>(Admin(HttpMethod.Post, "api/admin/backups", adminKey), cancellationToken);

    /// <summary>Copies the backup file into <paramref name="destination"/>.</summary>
    public async Task DownloadBackupAsync(GetBackup request, string adminKey, Stream destination, CancellationToken cancellationToken = default)
    {
        using var message = Admin(HttpMethod.Get, $"api/admin/backups/{Uri.EscapeDataString(request.Name)}", adminKey);
        using var response = await Http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw await SessionStoreApiException.FromResponseAsync(response, cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
    }

    public Task<IReadOnlyList<RecoveryEvent>> AcknowledgeRecoveryAsync(AcknowledgeRecovery request, string adminKey, CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<RecoveryEvent>>(Admin(HttpMethod.Post, "api/admin/recovery/acknowledge", adminKey), cancellationToken);

    private Task<T> SendAsync<T>(HttpMethod method, string path, object? body, string? token, CancellationToken cancellationToken)
    {
        var message = new HttpRequestMessage(method, path);
        if (body is not null) message.Content = JsonContent.Create(body, body.GetType(), options: Json);
        if (token is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return SendAsync<T>(message, cancellationToken);
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        using (message)
        {
            using var response = await Http.SendAsync(message, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw await SessionStoreApiException.FromResponseAsync(response, cancellationToken);
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
                   ?? throw new SessionStoreApiException(response.StatusCode, "The response had no body.", null);
        }
    }

    private static HttpRequestMessage Admin(HttpMethod method, string path, string adminKey)
    {
        var message = new HttpRequestMessage(method, path);
        message.Headers.Add("X-Admin-Key", adminKey);
        return message;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var query = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (value is null) continue;
            query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
        return query.ToString();
    }
}
