using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>
/// What an attacker on the open internet tried against a running service, each attack against a real process over HTTP:
/// limits that could be dodged or turned against players and the operator, unbounded listings, weak keys, absurd scores,
/// missing headers and what the probes and metrics told anyone.
/// </summary>
[NonParallelizable]
public sealed class OpenInternetTests : DataDirectoryPerTest
{
    private const string AdminKey = "open-internet-tests-admin-key-0123456789";

    [Test]
    public async Task Writes_to_one_session_share_its_budget_however_its_id_is_spelled()
    {
        await using var service = await StartAsync(("RateLimits__SessionWrites__PermitLimit", "20"), ("RateLimits__SessionWrites__Window", "00:10:00"));
        var created = await service.Client.CreateSessionAsync(new CreateSession());
        var id = created.Session.Id;
        string[] spellings = [id.ToString("D").ToUpperInvariant(), id.ToString("N"), id.ToString("B"), id.ToString("P"), id.ToString("D")];

        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            SendAsync(service, HttpMethod.Patch, $"api/sessions/{spellings[i % spellings.Length]}", new { score = i }, bearer: created.Token)));

        Assert.That(answers.Count(a => a.Status == HttpStatusCode.OK), Is.EqualTo(20), Describe(answers));
        Assert.That(answers.Count(a => a.Status == HttpStatusCode.TooManyRequests), Is.EqualTo(40), Describe(answers));
    }

    [Test]
    public async Task Writes_without_a_sessions_token_never_spend_its_budget_and_count_against_their_sender()
    {
        await using var service = await StartAsync(
            ("ForwardedHeaders__KnownProxies", "127.0.0.1"),
            ("RateLimits__SessionWrites__PermitLimit", "5"), ("RateLimits__SessionWrites__Window", "00:10:00"),
            ("RateLimits__RefusedSessionWrites__PermitLimit", "10"), ("RateLimits__RefusedSessionWrites__Window", "00:10:00"));
        const string attacker = "203.0.113.66", player = "198.51.100.7";
        var victim = await service.Client.CreateSessionAsync(new CreateSession { PlayerName = "Victim", Game = "chess" });
        var path = $"api/sessions/{victim.Session.Id}";

        var attacks = new List<Answer>();
        for (var i = 0; i < 20; i++) attacks.Add(await SendAsync(service, HttpMethod.Patch, path, new { score = 1 }, from: attacker));
        for (var i = 0; i < 20; i++) attacks.Add(await SendAsync(service, HttpMethod.Post, path + "/complete", new { score = 1 }, bearer: "not-the-token", from: attacker));
        var heartbeats = new List<Answer>();
        for (var i = 0; i < 4; i++) heartbeats.Add(await SendAsync(service, HttpMethod.Patch, path, new { score = 10 + i }, bearer: victim.Token, from: player));
        var completed = await SendAsync(service, HttpMethod.Post, path + "/complete", new { score = 42 }, bearer: victim.Token, from: player);
        var board = await service.Client.GetHighScoresAsync(new GetHighScores(Game: "chess"));

        Assert.Multiple(() =>
        {
            Assert.That(heartbeats.Select(h => h.Status), Has.All.EqualTo(HttpStatusCode.OK), "the player's heartbeats: " + Describe(heartbeats));
            Assert.That(completed.Status, Is.EqualTo(HttpStatusCode.OK), "the player's completion: " + completed);
            Assert.That(board.Results.Select(r => (r.PlayerName, r.Score)), Is.EqualTo(new[] { ("Victim", 42L) }), "the score reached the board");
            Assert.That(attacks.Take(10).Select(a => a.Status), Has.All.EqualTo(HttpStatusCode.Unauthorized), "the attacker's first writes: " + Describe(attacks));
            Assert.That(attacks.Skip(10).Select(a => a.Status), Has.All.EqualTo(HttpStatusCode.TooManyRequests), "past its own limit: " + Describe(attacks));
            Assert.That(attacks[^1].Problem, Does.Contain("RefusedSessionWrites"), "the problem names the limit");
            Assert.That(attacks[^1].RetryAfter, Is.GreaterThan(TimeSpan.Zero));
        });
    }

    [Test]
    public async Task Requests_without_an_admin_key_cost_nothing_and_wrong_keys_never_lock_the_right_one_out()
    {
        await using var service = await StartAsync(("Admin__ApiKey", AdminKey),
            ("RateLimits__FailedAdminKeys__PermitLimit", "3"), ("RateLimits__FailedAdminKeys__Window", "00:10:00"), ("RateLimits__AdminLockout", "00:15:00"));

        var keyless = new List<Answer>();
        for (var i = 0; i < 20; i++) keyless.Add(await SendAsync(service, HttpMethod.Get, "api/admin/storage"));
        var rightAfterKeyless = await SendAsync(service, HttpMethod.Get, "api/admin/storage", adminKey: AdminKey);
        var guesses = new List<Answer>();
        for (var i = 0; i < 10; i++) guesses.Add(await SendAsync(service, HttpMethod.Get, "api/admin/storage", adminKey: $"guess-{i}"));
        var rightAfterGuesses = await SendAsync(service, HttpMethod.Get, "api/admin/storage", adminKey: AdminKey);

        Assert.Multiple(() =>
        {
            Assert.That(keyless.Select(k => k.Status), Has.All.EqualTo(HttpStatusCode.Unauthorized), Describe(keyless));
            Assert.That(rightAfterKeyless.Status, Is.EqualTo(HttpStatusCode.OK), "the right key after twenty requests with none: " + rightAfterKeyless);
            Assert.That(guesses.Select(g => g.Status), Is.EqualTo(Enumerable.Repeat(HttpStatusCode.Unauthorized, 3).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 7))),
                Describe(guesses));
            Assert.That(guesses[^1].RetryAfter, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(rightAfterGuesses.Status, Is.EqualTo(HttpStatusCode.OK), "the right key from the address that guessed wrong: " + rightAfterGuesses);
        });
    }

    [Test]
    public async Task A_short_admin_key_stops_startup_with_one_sentence_on_how_to_make_a_good_one()
    {
        var failure = Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var started = await StartAsync(("Admin__ApiKey", "x"));
        });

        var output = failure!.Message;
        Assert.That(output, Does.Contain("SessionStore cannot start: Admin__ApiKey").And.Contain("at least 32 characters").And.Contain("openssl rand -base64 32"));
        Assert.That(output, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public async Task Listing_sessions_refuses_a_deep_skip_and_pages_on_with_a_cursor_instead()
    {
        await using var service = await StartAsync();
        var created = new List<Guid>();
        for (var i = 0; i < 7; i++) created.Add((await service.Client.CreateSessionAsync(new CreateSession())).Session.Id);

        var deep = await SendAsync(service, HttpMethod.Get, "api/sessions?skip=2147483647");
        var malformed = await SendAsync(service, HttpMethod.Get, "api/sessions?after=not-a-cursor");
        var pages = new List<JsonObject>();
        for (string? after = null; pages.Count < 5;)
        {
            var page = await service.Http.GetFromJsonAsync<JsonObject>($"api/sessions?take=3{(after is null ? "" : "&after=" + Uri.EscapeDataString(after))}");
            pages.Add(page!);
            after = (string?)page!["next"];
            if (after is null) break;
        }
        var listed = pages.SelectMany(p => p["results"]!.AsArray().Select(s => Guid.Parse((string)s!["id"]!))).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(deep.Status, Is.EqualTo(HttpStatusCode.BadRequest), deep.ToString());
            Assert.That(deep.Problem, Does.Contain("skip").And.Contain("after"), "the problem names the cursor");
            Assert.That(malformed.Status, Is.EqualTo(HttpStatusCode.BadRequest), malformed.ToString());
            Assert.That(listed, Is.EqualTo(Enumerable.Reverse(created)), "every session once, newest first, over the cursor's pages");
            Assert.That(pages.Select(p => p["results"]!.AsArray().Count), Is.EqualTo(new[] { 3, 3, 1 }));
            Assert.That(pages.Select(p => (long?)p["total"]), Has.All.EqualTo(7));
        });
    }

    [TestCase("Reads", "GET", "api/sessions")]
    [TestCase("Reads", "GET", "api/highscores")]
    [TestCase("Reads", "GET", "api/stats")]
    [TestCase("Health", "GET", "health/ready")]
    [TestCase("Health", "GET", "health/live")]
    [TestCase("ApiExplorer", "GET", "openapi/v1.json")]
    [TestCase("ApiExplorer", "GET", "ui/")]
    [TestCase("SessionCreates", "POST", "api/sessions")]
    public async Task Every_public_endpoint_has_a_per_address_limit_that_answers_429_naming_it(string limit, string method, string path)
    {
        // The client comes through a proxy, so the readiness probes of the process's start count against the proxy, not against it.
        await using var service = await StartAsync(("ForwardedHeaders__KnownProxies", "127.0.0.1"),
            ($"RateLimits__{limit}__PermitLimit", "5"), ($"RateLimits__{limit}__Window", "00:10:00"));

        var answers = new List<Answer>();
        for (var i = 0; i < 6; i++) answers.Add(await SendAsync(service, new HttpMethod(method), path, method == "POST" ? new { } : null, from: "203.0.113.9"));

        Assert.That(answers.Take(5).Select(a => a.Status), Has.None.EqualTo(HttpStatusCode.TooManyRequests), Describe(answers));
        Assert.That(answers[^1].Status, Is.EqualTo(HttpStatusCode.TooManyRequests), Describe(answers));
        Assert.That(answers[^1].RetryAfter, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(answers[^1].Problem, Does.Contain($"RateLimits:{limit}"));
    }

    [Test]
    public async Task A_score_beyond_the_maximum_is_refused_and_never_reaches_the_high_scores()
    {
        await using var service = await StartAsync(("Sessions__MaxScore", "1000000"));
        var created = await service.Client.CreateSessionAsync(new CreateSession { PlayerName = "Mallory", Game = "chess" });
        var path = $"api/sessions/{created.Session.Id}";

        var huge = await SendAsync(service, HttpMethod.Patch, path, new { score = long.MaxValue }, bearer: created.Token);
        var justOver = await SendAsync(service, HttpMethod.Post, path + "/complete", new { score = 1_000_001 }, bearer: created.Token);
        var session = await service.Client.GetSessionAsync(new GetSession { Id = created.Session.Id });
        var board = await service.Client.GetHighScoresAsync(new GetHighScores(Game: "chess"));

        Assert.Multiple(() =>
        {
            Assert.That(huge.Status, Is.EqualTo(HttpStatusCode.BadRequest), huge.ToString());
            Assert.That(justOver.Status, Is.EqualTo(HttpStatusCode.BadRequest), justOver.ToString());
            Assert.That(justOver.Problem, Does.Contain("1000000"), "the problem says the maximum");
            Assert.That((session.Status, session.Score), Is.EqualTo((SessionStatus.Active, (long?)null)), "nothing was stored");
            Assert.That(board.Results, Is.Empty);
        });
    }

    [Test]
    public async Task Every_response_forbids_sniffing_and_referrers_and_the_pages_forbid_framing()
    {
        await using var service = await StartAsync(("Admin__ApiKey", AdminKey));

        var pages = new[] { "", "admin-ui/", "ui/" };
        var others = new[] { "style.css", "api/stats", "api/sessions/not-a-session", "health/live", "openapi/v1.json", "no-such-file" };

        Assert.Multiple(async () =>
        {
            foreach (var path in pages.Concat(others))
            {
                using var response = await service.Http.GetAsync(path);
                Assert.That(Header(response, "X-Content-Type-Options"), Is.EqualTo("nosniff"), $"/{path}");
                Assert.That(Header(response, "Referrer-Policy"), Is.EqualTo("no-referrer"), $"/{path}");
                if (pages.Contains(path))
                    Assert.That(Header(response, "Content-Security-Policy"), Does.Contain("frame-ancestors 'none'").And.Contain("script-src 'self'"), $"/{path}");
            }
        });
    }

    [Test]
    public async Task Anonymous_readiness_after_a_recovery_gives_its_status_and_a_short_reason_without_paths_or_events()
    {
        await using (var service = await StartAsync())
            await Workload.PlayAsync(service.Client, sessions: 5);
        DatabaseDamage.Truncate(Path.Combine(DataFolder.Path, "sessionstore.db"), 4096 + 100);

        await using var recovered = await StartAsync(("Admin__ApiKey", AdminKey));
        using var response = await recovered.Http.GetAsync("health/ready");
        var readiness = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        var report = await recovered.AdminClient(AdminKey).GetStorageAsync(new GetStorage());

        Assert.Multiple(() =>
        {
            Assert.That((string?)readiness["status"], Is.EqualTo("Degraded"));
            Assert.That(readiness.Select(p => p.Key), Is.EquivalentTo(new[] { "status", "description" }), readiness.ToJsonString());
            Assert.That((string?)readiness["description"], Does.Not.Contain(DataFolder.Path).And.Not.Contain("quarantine").And.Not.Contain("truncated"),
                "no paths or raw errors");
            Assert.That(report.RecoveryEvents, Has.Count.EqualTo(1), "the details stay in the admin storage report");
            Assert.That(report.RecoveryEvents[0].QuarantinedTo, Does.Contain("quarantine"));
        });
    }

    [Test]
    public async Task Metrics_are_not_served_beside_the_API_unless_the_operator_asks()
    {
        await using var byDefault = await StartAsync();
        using var hidden = await byDefault.Http.GetAsync("metrics");
        using var otherData = new TemporaryDirectory();
        await using var asked = await TestProcesses.StartAsync(otherData.Path, new Dictionary<string, string> { ["Metrics__ServeBesideApi"] = "true" });
        using var served = await asked.Http.GetAsync("metrics");

        Assert.That(hidden.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private Task<ServiceProcess> StartAsync(params (string Key, string Value)[] settings) =>
        TestProcesses.StartAsync(DataFolder.Path, settings.ToDictionary(s => s.Key, s => s.Value));

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    private static async Task<Answer> SendAsync(ServiceProcess service, HttpMethod method, string path, object? body = null,
        string? bearer = null, string? adminKey = null, string? from = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (adminKey is not null) request.Headers.Add("X-Admin-Key", adminKey);
        if (from is not null) request.Headers.Add("X-Forwarded-For", from);
        using var response = await service.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, response.Headers.RetryAfter?.Delta, response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? text : null);
    }

    private static string Describe(IEnumerable<Answer> answers) =>
        string.Join(", ", answers.GroupBy(a => a.Status).Select(g => $"{g.Count()} × {(int)g.Key}"));

    private sealed record Answer(HttpStatusCode Status, TimeSpan? RetryAfter, string? Problem)
    {
        public override string ToString() => $"{(int)Status} {Problem}";
    }
}
