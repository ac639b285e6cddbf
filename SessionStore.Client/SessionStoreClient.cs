using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Net.Http.Json;
using System.Text.Json;
using SessionStore.ServiceModel;

namespace SessionStore.Client;

/// <summary>
/// A typed client for the SessionStore API. <see cref="SendAsync{TResponse}"/> sends any request DTO to the route it
/// declares and reads the response it declares; the helpers below only name the operations. Failures throw
/// <see cref="SessionStoreApiException"/> with the server's problem details. The <see cref="HttpClient.BaseAddress"/>
/// is the service's root and ends with a slash. Builds for .NET and for netstandard2.1 (Unity, Godot).
/// </summary>
public sealed class SessionStoreClient(HttpClient http)
{
    private const string AdminPath = "api/admin/";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public HttpClient Http { get; } = http;

    /// <summary>The operator's key (the service's Admin__ApiKey), sent as X-Admin-Key with every admin operation.</summary>
    public string? AdminKey { get; init; }

    /// <summary>
    /// Sends <paramref name="request"/> and returns its response. <paramref name="bearerToken"/> is a session's write token,
    /// for the writes that need one. A <see cref="Stream"/> response streams as it arrives; dispose it.
    /// </summary>
    public async Task<TResponse> SendAsync<TResponse>(IReturn<TResponse> request, string? bearerToken = null, CancellationToken cancellationToken = default)
    {
        var streamed = typeof(TResponse) == typeof(Stream);
        var response = await SendMessageAsync(request, bearerToken,
            streamed ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (streamed) return (TResponse)(object)new ResponseStream(response, await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false));
        using (response)
        {
            return await response.Content.ReadFromJsonAsync<TResponse>(Json, cancellationToken).ConfigureAwait(false)
                   ?? throw new SessionStoreApiException(response.StatusCode, "The response had no body.", null);
        }
    }

    public Task<CreateSessionResponse> CreateSessionAsync(CreateSession request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    public Task<Session> GetSessionAsync(GetSession request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    public Task<QuerySessionsResponse> QuerySessionsAsync(QuerySessions request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>Reports score and/or metadata; also the heartbeat. <paramref name="token"/> is the session's write token.</summary>
    public Task<Session> UpdateSessionAsync(UpdateSession request, string token, CancellationToken cancellationToken = default) =>
        SendAsync(request, token, cancellationToken);

    public Task<Session> CompleteSessionAsync(CompleteSession request, string token, CancellationToken cancellationToken = default) =>
        SendAsync(request, token, cancellationToken);

    public Task<Session> AbandonSessionAsync(AbandonSession request, string token, CancellationToken cancellationToken = default) =>
        SendAsync(request, token, cancellationToken);

    public Task<StatsResponse> GetStatsAsync(GetStats request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>One game's sessions per UTC day: started, completed, abandoned, completion rate and completed durations.</summary>
    public Task<DailyStatsResponse> GetDailyStatsAsync(GetDailyStats request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>One game's abandoned sessions by their last level and by the minute of play they were last seen in.</summary>
    public Task<DropOffResponse> GetDropOffAsync(GetDropOff request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    public Task<HighScoresResponse> GetHighScoresAsync(GetHighScores request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>A player's entry on a board (by playerId, playerName or sessionId), its rank, the board's size and the entries around it.</summary>
    public Task<HighScoreRankResponse> GetHighScoreRankAsync(GetHighScoreRank request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>
    /// A live board: the top of the board at once, then again each time it changes, until <paramref name="cancellationToken"/>
    /// ends it or the service closes it (Server-Sent Events; the keep-alive comments are skipped).
    /// </summary>
    public async IAsyncEnumerable<HighScoresResponse> StreamHighScoresAsync(StreamHighScores request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var stream = await SendAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        var events = SseParser.Create(stream, (_, data) => JsonSerializer.Deserialize<HighScoresResponse>(data, Json));
        await foreach (var board in events.EnumerateAsync(cancellationToken).ConfigureAwait(false))
            if (board.Data is { } data) yield return data;
    }

    /// <summary>A game's leaderboard rules.</summary>
    public Task<GameResponse> GetGameAsync(GetGame request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>Admin: the games with their rules and what waits for moderation.</summary>
    public Task<GamesPage> ListGamesAsync(ListGames request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>Admin: sets a game's rules and ranks its boards again.</summary>
    public Task<GameResponse> SetGameRulesAsync(SetGameRules request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>Admin: a game's held, hidden or listed entries, newest first, with why.</summary>
    public Task<GameEntriesPage> QueryGameEntriesAsync(QueryGameEntries request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>Admin: takes an entry off the boards, with a reason.</summary>
    public Task<GameEntry> HideEntryAsync(HideEntry request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>Admin: shows a hidden entry again.</summary>
    public Task<GameEntry> UnhideEntryAsync(UnhideEntry request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>Admin: lists a held entry.</summary>
    public Task<GameEntry> ReleaseEntryAsync(ReleaseEntry request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>Admin: the players banned from a game's boards.</summary>
    public Task<BansPage> ListBansAsync(ListBans request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>Admin: bans a player id or name from a game's boards.</summary>
    public Task<PlayerBan> BanPlayerAsync(BanPlayer request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>Admin: lifts a ban.</summary>
    public Task<PlayerBan> LiftBanAsync(LiftBan request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>Admin: erases a player's sessions and entries in every game.</summary>
    public Task<ErasedPlayer> ErasePlayerAsync(ErasePlayer request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>Admin: the audit log of changes to games and boards, newest first.</summary>
    public Task<AuditLogPage> QueryAuditLogAsync(QueryAuditLog request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>Admin: the database's sizes, schema and durability settings, its last backup and every recovery event.</summary>
    public Task<StorageReport> GetStorageAsync(GetStorage request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>Admin: the backups in the data directory and the off-host store, newest first, with where each is kept.</summary>
    public Task<IReadOnlyList<BackupInfo>> ListBackupsAsync(ListBackups request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>Admin: takes a verified online backup now.</summary>
    public Task<BackupInfo> CreateBackupAsync(CreateBackup request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>Admin: copies a backup file into <paramref name="destination"/>, as it arrives.</summary>
    public Task DownloadBackupAsync(GetBackup request, Stream destination, CancellationToken cancellationToken = default) =>
        CopyAsync(request, destination, cancellationToken);

    /// <summary>Admin: the recent restore drills, newest first.</summary>
    public Task<IReadOnlyList<RestoreDrillResult>> ListRestoreDrillsAsync(ListRestoreDrills request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>Admin: restores the newest local backup and remote copy into a scratch folder now, checks them, and returns the results.</summary>
    public Task<IReadOnlyList<RestoreDrillResult>> RunRestoreDrillAsync(RunRestoreDrill request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>Admin: marks every finished recovery event as seen, so it no longer keeps readiness Degraded; returns them all.</summary>
    public Task<IReadOnlyList<RecoveryEvent>> AcknowledgeRecoveryAsync(AcknowledgeRecovery request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>Admin: every table with its row count, columns and indexes.</summary>
    public Task<TablesResponse> ListTablesAsync(ListTables request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>Admin: one page of a table's rows, filtered and sorted on the server.</summary>
    public Task<TableRowsResponse> QueryTableRowsAsync(QueryTableRows request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>Admin: streams every row of the view as CSV or JSON into <paramref name="destination"/>, as it arrives.</summary>
    public Task ExportTableRowsAsync(ExportTableRows request, Stream destination, CancellationToken cancellationToken = default) =>
        CopyAsync(request, destination, cancellationToken);

    /// <summary>Admin: a page of the request log, newest first, filtered by status class, route and time.</summary>
    public Task<RequestLogPage> QueryRequestLogAsync(QueryRequestLog request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    /// <summary>Admin: requests and errors per minute over the last 24 hours, and per route.</summary>
    public Task<RequestTimeline> GetRequestTimelineAsync(GetRequestTimeline request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken: cancellationToken);

    private static Task<Stream> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
#if NET
        response.Content.ReadAsStreamAsync(cancellationToken);
#else
        response.Content.ReadAsStreamAsync();
#endif

    private async Task CopyAsync(IReturn<Stream> request, Stream destination, CancellationToken cancellationToken)
    {
        using var content = await SendAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        await content.CopyToAsync(destination, 81920, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends and returns the response if it is a success; the caller disposes it.</summary>
    private async Task<HttpResponseMessage> SendMessageAsync(object request, string? bearerToken, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var message = ApiRequest.Of(request.GetType()).Message(request, Json);
        if (bearerToken is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        if (AdminKey is not null && message.RequestUri!.OriginalString.StartsWith(AdminPath, StringComparison.Ordinal)) message.Headers.Add("X-Admin-Key", AdminKey);
        var response = await Http.SendAsync(message, completion, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return response;
        using (response) throw await SessionStoreApiException.FromResponseAsync(response, cancellationToken).ConfigureAwait(false);
    }
}
