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
/// The <see cref="HttpClient.BaseAddress"/> is the service's root and ends with a slash.
/// </summary>
public sealed class SessionStoreClient(HttpClient http)
{
    private const string AdminPath = "api/admin/";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public HttpClient Http { get; } = http;

    /// <summary>The operator's key (the service's Admin__ApiKey), sent as X-Admin-Key with every admin operation.</summary>
    public string? AdminKey { get; init; }

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

    /// <summary>Admin: the database file's sizes, schema and durability settings, its last backup and every recovery event.</summary>
    public Task<StorageReport> GetStorageAsync(GetStorage request, CancellationToken cancellationToken = default) =>
        SendAsync<StorageReport>(HttpMethod.Get, AdminPath + "storage", body: null, token: null, cancellationToken);

    /// <summary>Admin: the backups in the data directory, newest first.</summary>
    public Task<IReadOnlyList<BackupInfo>> ListBackupsAsync(ListBackups request, CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<BackupInfo>>(HttpMethod.Get, AdminPath + "backups", body: null, token: null, cancellationToken);

    /// <summary>Admin: takes a verified online backup now.</summary>
    public Task<BackupInfo> CreateBackupAsync(CreateBackup request, CancellationToken cancellationToken = default) =>
        SendAsync<BackupInfo>(HttpMethod.Post, AdminPath + "backups", body: null, token: null, cancellationToken);

    /// <summary>Admin: copies a backup file into <paramref name="destination"/>, as it arrives.</summary>
    public async Task DownloadBackupAsync(GetBackup request, Stream destination, CancellationToken cancellationToken = default)
    {
        var path = $"{AdminPath}backups/{Uri.EscapeDataString(request.Name)}";
        using var response = await SendAsync(Request(HttpMethod.Get, path, body: null, token: null), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
    }

    /// <summary>Admin: marks every recovery event as seen, so readiness is Healthy again; returns them all.</summary>
    public Task<IReadOnlyList<RecoveryEvent>> AcknowledgeRecoveryAsync(AcknowledgeRecovery request, CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<RecoveryEvent>>(HttpMethod.Post, AdminPath + "recovery/acknowledge", body: null, token: null, cancellationToken);

    /// <summary>Admin: every table with its row count, columns and indexes.</summary>
    public Task<TablesResponse> ListTablesAsync(ListTables request, CancellationToken cancellationToken = default) =>
        SendAsync<TablesResponse>(HttpMethod.Get, AdminPath + "tables", body: null, token: null, cancellationToken);

    /// <summary>Admin: one page of a table's rows, filtered and sorted on the server.</summary>
    public Task<TableRowsResponse> QueryTableRowsAsync(QueryTableRows request, CancellationToken cancellationToken = default) =>
        SendAsync<TableRowsResponse>(HttpMethod.Get, $"{AdminPath}tables/{Uri.EscapeDataString(request.Table)}/rows" + Query(
            [.. ViewQuery(request), ("skip", Text(request.Skip)), ("take", Text(request.Take))]), body: null, token: null, cancellationToken);

    /// <summary>Admin: streams every row of the view as CSV or JSON into <paramref name="destination"/>, as it arrives.</summary>
    public async Task ExportTableRowsAsync(ExportTableRows request, Stream destination, CancellationToken cancellationToken = default)
    {
        var path = $"{AdminPath}tables/{Uri.EscapeDataString(request.Table)}/export" + Query([("format", request.Format), .. ViewQuery(request)]);
        using var response = await SendAsync(Request(HttpMethod.Get, path, body: null, token: null), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
    }

    /// <summary>Admin: a page of the request log, newest first, filtered by status class, route and time.</summary>
    public Task<RequestLogPage> QueryRequestLogAsync(QueryRequestLog request, CancellationToken cancellationToken = default) =>
        SendAsync<RequestLogPage>(HttpMethod.Get, AdminPath + "requests" + Query(
            ("status", request.Status), ("route", request.Route), ("from", Time(request.From)), ("to", Time(request.To)),
            ("skip", Text(request.Skip)), ("take", Text(request.Take))), body: null, token: null, cancellationToken);

    /// <summary>Admin: requests and errors per minute over the last 24 hours, and per route.</summary>
    public Task<RequestTimeline> GetRequestTimelineAsync(GetRequestTimeline request, CancellationToken cancellationToken = default) =>
        SendAsync<RequestTimeline>(HttpMethod.Get, AdminPath + "requests/timeline" + Query(("route", request.Route)), body: null, token: null, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, string? token, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(Request(method, path, body, token), HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
               ?? throw new SessionStoreApiException(response.StatusCode, "The response had no body.", null);
    }

    private HttpRequestMessage Request(HttpMethod method, string path, object? body, string? token)
    {
        var message = new HttpRequestMessage(method, path);
        if (body is not null) message.Content = JsonContent.Create(body, body.GetType(), options: Json);
        if (token is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (AdminKey is not null && path.StartsWith(AdminPath, StringComparison.Ordinal)) message.Headers.Add("X-Admin-Key", AdminKey);
        return message;
    }

    /// <summary>Sends and returns the response if it is a success; the caller disposes it.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using (message)
        {
            var response = await Http.SendAsync(message, completion, cancellationToken);
            if (response.IsSuccessStatusCode) return response;
            using (response) throw await SessionStoreApiException.FromResponseAsync(response, cancellationToken);
        }
    }

    private static IEnumerable<(string Name, string? Value)> ViewQuery(ITableView view) =>
        [
            ("orderBy", view.OrderBy),
            ("desc", view.Desc ? "true" : null),
            .. (view.Filter ?? []).Select(filter => ("filter", (string?)filter)),
        ];

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Time(DateTime? value) => value?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

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
