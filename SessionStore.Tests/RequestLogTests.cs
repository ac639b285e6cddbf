using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SessionStore.ServiceInterface.Storage;
using SessionStore.Tests.Support;
using SessionStore.ServiceInterface.Storage.RequestLog;

namespace SessionStore.Tests;

/// <summary>The request log: every /api request in logs.db, off the request path, read back through the admin endpoints.</summary>
public sealed class RequestLogTests : DataDirectoryPerTest
{
    private const string AdminKey = "request-log-admin-key-0123456789abcdef";
    private const string SessionRoute = "/api/sessions/{id:guid}";
    [Test]
    public async Task Every_API_request_is_logged_with_its_route_template_status_duration_session_and_a_hashed_client()
    {
        await using var service = Start();
        var client = service.Client();
        var created = await client.CreateSessionAsync(new CreateSession { PlayerName = "Ann" });
        await client.UpdateSessionAsync(new UpdateSession { Id = created.Session.Id, Score = 5 }, created.Token);
        var unknown = Guid.NewGuid();
        Assert.ThrowsAsync<SessionStoreApiException>(() => client.GetSessionAsync(new GetSession { Id = unknown }));
        await service.CreateClient().GetAsync("health/ready");
        await service.CreateClient().GetAsync("admin-ui/");

        var sessionRequests = await LoggedAsync(service, new QueryRequestLog(Route: null), r => r.SessionId is not null, count: 3);

        Assert.That(sessionRequests.Select(r => (r.Method, r.Route, r.Status, r.SessionId)), Is.EqualTo(new[]
        {
            ("GET", SessionRoute, 404, (Guid?)unknown),
            ("PATCH", SessionRoute, 200, created.Session.Id),
            ("POST", "/api/sessions/", 201, created.Session.Id),
        }), "newest first; a created session's id comes from its Location");
        Assert.That(sessionRequests.Select(r => r.Client).Distinct().Single(), Does.Match("^[0-9a-f]{16}$"), "a hash, the same for one client");
        Assert.That(sessionRequests, Has.All.Matches<LoggedRequest>(r => r.DurationMs >= 0 && r.At <= DateTime.UtcNow));
        var everything = await Admin(service).QueryRequestLogAsync(new QueryRequestLog(Take: 500));
        Assert.That(everything.Results.Select(r => r.Route), Has.All.StartsWith("/api/"), "only /api requests: not the health probe, not the admin UI's files");
    }

    [Test]
    public async Task The_log_filters_by_status_class_route_and_time_range()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var service = Start(clock);
        var client = service.Client();
        await client.CreateSessionAsync(new CreateSession());
        var early = clock.GetUtcNow().UtcDateTime;
        clock.Advance(TimeSpan.FromMinutes(10));
        var later = clock.GetUtcNow().UtcDateTime;
        Assert.ThrowsAsync<SessionStoreApiException>(() => client.GetSessionAsync(new GetSession { Id = Guid.NewGuid() }));
        await client.GetStatsAsync(new GetStats());
        await LoggedAsync(service, new QueryRequestLog(Route: "/api/stats/"), _ => true, count: 1);

        var admin = Admin(service);
        var clientErrors = await admin.QueryRequestLogAsync(new QueryRequestLog(Status: StatusClass.ClientError));
        var stats = await admin.QueryRequestLogAsync(new QueryRequestLog(Route: "/api/stats/"));
        var beforeLater = await admin.QueryRequestLogAsync(new QueryRequestLog(To: later));
        var fromLater = await admin.QueryRequestLogAsync(new QueryRequestLog(From: later, Route: SessionRoute));

        Assert.That(clientErrors.Results.Select(r => (r.Route, r.Status)), Is.EqualTo(new[] { (SessionRoute, 404) }));
        Assert.That(stats.Results.Select(r => r.Status), Is.EqualTo(new[] { 200 }));
        Assert.That(beforeLater.Results.Select(r => r.Route), Is.EqualTo(new[] { "/api/sessions/" }));
        Assert.That(beforeLater.Results.Single().At, Is.EqualTo(early).Within(TimeSpan.FromSeconds(1)));
        Assert.That(fromLater.Total, Is.EqualTo(1));
    }

    [Test]
    public async Task The_timeline_counts_requests_and_errors_per_minute_and_per_route()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 30, TimeSpan.Zero));
        await using var service = Start(clock);
        var client = service.Client();
        await client.CreateSessionAsync(new CreateSession());
        await client.CreateSessionAsync(new CreateSession());
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.ThrowsAsync<SessionStoreApiException>(() => client.GetSessionAsync(new GetSession { Id = Guid.NewGuid() }));
        await LoggedAsync(service, new QueryRequestLog(Route: SessionRoute), _ => true, count: 1);

        var all = await Admin(service).GetRequestTimelineAsync(new GetRequestTimeline());
        var starts = await Admin(service).GetRequestTimelineAsync(new GetRequestTimeline(Route: "/api/sessions/"));

        var noon = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        Assert.That(all.To, Is.EqualTo(noon.AddMinutes(2)));
        Assert.That(all.From, Is.EqualTo(noon.AddMinutes(2).AddHours(-24)));
        Assert.That(all.Minutes.Select(m => m.Minute), Is.EqualTo(new[] { noon, noon.AddMinutes(1) }), "only minutes with requests");
        Assert.That((all.Minutes[0].Requests, all.Minutes[0].ClientErrors), Is.EqualTo((2L, 0L)));
        Assert.That(all.Minutes[1].ClientErrors, Is.EqualTo(1), "the 404; the admin's own reads of the log are the rest of that minute");
        Assert.That(all.Routes.Where(r => r.Route!.StartsWith("/api/sessions", StringComparison.Ordinal)).Select(r => (r.Route, r.Requests, r.ClientErrors)),
            Is.EquivalentTo(new[] { ("/api/sessions/", 2L, 0L), (SessionRoute, 1L, 1L) }));
        Assert.That(starts.Minutes.Select(m => (m.Minute, m.Requests)), Is.EqualTo(new[] { (noon, 2L) }));
    }

    [Test]
    public async Task Requests_older_than_the_configured_days_are_deleted()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var service = Start(clock, ("RequestLog:Days", "2"));
        var client = service.Client();
        var old = await client.CreateSessionAsync(new CreateSession());
        await LoggedAsync(service, new QueryRequestLog(Route: "/api/sessions/"), _ => true, count: 1);

        clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        var recent = await client.CreateSessionAsync(new CreateSession());
        var kept = await Eventually.Until(
            () => Admin(service).QueryRequestLogAsync(new QueryRequestLog(Route: "/api/sessions/")),
            // The entry for a request is queued as its response goes out, so wait for it as well as for the deletion.
            page => page.Results.All(r => r.SessionId != old.Session.Id) && page.Results.Any(r => r.SessionId == recent.Session.Id));

        Assert.That(kept.Results.Select(r => r.SessionId), Is.EqualTo(new[] { (Guid?)recent.Session.Id }));
        var starts = await Admin(service).GetRequestTimelineAsync(new GetRequestTimeline(Route: "/api/sessions/"));
        Assert.That(starts.Minutes.Select(m => m.Requests), Is.EqualTo(new[] { 1L }), "the per-minute counts of two days ago are gone too");
    }

    [Test]
    public async Task The_log_keeps_only_the_newest_MaxRows_requests_while_its_per_minute_counts_stay_whole()
    {
        using var store = new RequestLogStore(new DatabaseFiles(DataFolder.Path), NullLogger<RequestLogStore>.Instance);
        store.Open();
        var rows = Enumerable.Range(0, 25).Select(i => new RequestLogRow(1_000_000 + i, "GET", "/api/stats/", i < 20 ? 200 : 503, 1.5, "c", null)).ToList();

        store.Write(rows[..10], keepFrom: 0, maxRows: 8);
        store.Write(rows[10..], keepFrom: 0, maxRows: 8);

        var (total, kept) = await store.QueryAsync(new RequestLogFilter(null, null, null, null, null), 0, 100, CancellationToken.None);
        var (minutes, _) = await store.CountAsync(0, null, CancellationToken.None);
        Assert.That(total, Is.EqualTo(8));
        Assert.That(kept.Select(r => r.At), Is.EqualTo(rows[^8..].Select(r => r.At).Reverse()), "the newest eight");
        Assert.That(minutes.Select(m => (m.Requests, m.ServerErrors)), Is.EqualTo(new[] { (25L, 5L) }));
    }

    [Test]
    public async Task The_log_is_its_own_file_and_sessionstore_db_has_no_trace_of_it()
    {
        await using var service = Start();
        await service.Client().CreateSessionAsync(new CreateSession());
        await LoggedAsync(service, new QueryRequestLog(), _ => true, count: 1);

        Assert.That(File.Exists(DataFolder.Combine("logs.db")), Is.True);
        var tables = (await Admin(service).ListTablesAsync(new ListTables())).Tables.Select(t => t.Name);
        Assert.That(tables, Has.None.Contains("request"));
    }

    [Test]
    public async Task A_damaged_logs_db_is_moved_into_quarantine_never_deleted_and_a_new_log_is_started()
    {
        var garbage = Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray();
        await File.WriteAllBytesAsync(DataFolder.Combine("logs.db"), garbage);

        await using var service = Start();
        await service.Client().CreateSessionAsync(new CreateSession());
        await LoggedAsync(service, new QueryRequestLog(Route: "/api/sessions/"), _ => true, count: 1);

        var movedAside = Directory.GetFiles(DataFolder.Combine("quarantine"), "logs.db", SearchOption.AllDirectories).Single();
        Assert.That(await File.ReadAllBytesAsync(movedAside), Is.EqualTo(garbage));
    }

    [Test]
    public async Task Turned_off_there_is_no_logs_db_and_the_endpoints_say_how_to_turn_it_on()
    {
        await using var service = Start(null, ("RequestLog:Enabled", "false"));
        await service.Client().CreateSessionAsync(new CreateSession());

        var off = Assert.ThrowsAsync<SessionStoreApiException>(() => Admin(service).QueryRequestLogAsync(new QueryRequestLog()));

        Assert.That(off!.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(off.Problem?.Detail, Does.Contain("RequestLog__Enabled=true"));
        Assert.That(File.Exists(DataFolder.Combine("logs.db")), Is.False);
    }

    private InProcessService Start(TimeProvider? clock = null, params (string Key, string Value)[] settings)
    {
        var all = settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        all["Admin:ApiKey"] = AdminKey;
        all["RequestLog:FlushInterval"] = "00:00:00.050";
        return new InProcessService(DataFolder.Path, all, clock is null ? null : s => s.AddSingleton(clock));
    }

    private static SessionStoreClient Admin(InProcessService service) => new(service.CreateClient()) { AdminKey = AdminKey };

    /// <summary>Waits until the writer has flushed at least <paramref name="count"/> matching requests, and returns them, newest first.</summary>
    private static async Task<IReadOnlyList<LoggedRequest>> LoggedAsync(InProcessService service, QueryRequestLog query, Func<LoggedRequest, bool> matching, int count)
    {
        var page = await Eventually.Until(() => Admin(service).QueryRequestLogAsync(query with { Take = 500 }), p => p.Results.Count(matching) >= count);
        return [.. page.Results.Where(matching)];
    }
}
