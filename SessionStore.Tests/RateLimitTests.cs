using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>The rate limits with small configured values: bursts get 429 with Retry-After and a problem, and change nothing.</summary>
public sealed class RateLimitTests : DataDirectoryPerTest
{
    private const string RightKey = "rate-limit-tests-admin-key-0123456789abcdef";

    [Test]
    public async Task A_burst_of_session_starts_from_one_address_gets_429s_past_the_limit_and_stores_only_what_was_allowed()
    {
        await using var service = Start(("RateLimits:SessionCreates:PermitLimit", "5"), ("RateLimits:SessionCreates:Window", "00:10:00"));
        var http = service.CreateClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => http.PostAsJsonAsync("api/sessions", new CreateSession())));

        Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.Created), Is.EqualTo(5));
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.That(refused, Has.Count.EqualTo(7));
        await AssertTooManyRequestsAsync(refused[0], "Too many sessions started from this address: the limit is 5 per 600 seconds (RateLimits:SessionCreates).");
        Assert.That((await service.Client().GetStatsAsync(new GetStats())).Sessions.Total, Is.EqualTo(5), "a refused start stores nothing");
    }

    [Test]
    public async Task Writes_to_one_session_past_its_limit_get_429_while_other_sessions_write_on()
    {
        await using var service = Start(("RateLimits:SessionWrites:PermitLimit", "3"), ("RateLimits:SessionWrites:Window", "00:10:00"));
        var client = service.Client();
        var busy = await client.CreateSessionAsync(new CreateSession());
        var calm = await client.CreateSessionAsync(new CreateSession());

        for (var score = 1; score <= 3; score++) await client.UpdateSessionAsync(new UpdateSession { Id = busy.Session.Id, Score = score }, busy.Token);
        var refused = Assert.ThrowsAsync<SessionStoreApiException>(() => client.CompleteSessionAsync(new CompleteSession { Id = busy.Session.Id, Score = 4 }, busy.Token));
        var other = await client.UpdateSessionAsync(new UpdateSession { Id = calm.Session.Id, Score = 7 }, calm.Token);

        Assert.That(refused!.Status, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(refused.Problem?.Detail, Does.StartWith("Too many writes to this session: the limit is 3 per 600 seconds (RateLimits:SessionWrites)."));
        Assert.That(other.Score, Is.EqualTo(7));
        var stored = await client.GetSessionAsync(new GetSession { Id = busy.Session.Id });
        Assert.That((stored.Status, stored.Score), Is.EqualTo((SessionStatus.Active, (long?)3)), "the refused write changed nothing");
    }

    [Test]
    public async Task Past_the_limit_an_addresss_wrong_admin_keys_get_429_until_the_lockout_ends_and_the_right_key_passes_throughout()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var service = new InProcessService(DataFolder.Path, new Dictionary<string, string?>
        {
            ["Admin:ApiKey"] = RightKey,
            ["RateLimits:FailedAdminKeys:PermitLimit"] = "3",
            ["RateLimits:FailedAdminKeys:Window"] = "00:10:00",
            ["RateLimits:AdminLockout"] = "00:15:00",
        }, s => s.AddSingleton<TimeProvider>(clock));
        var http = service.CreateClient();

        var wrong = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 4; attempt++) wrong.Add((await AdminAsync(http, $"guess-{attempt}")).StatusCode);
        using var rightKeyDuringLockout = await AdminAsync(http, RightKey);
        using var wrongKeyDuringLockout = await AdminAsync(http, "another-guess");
        clock.Advance(TimeSpan.FromMinutes(10));
        using var wrongKeyLater = await AdminAsync(http, "a-later-guess");
        using var rightKeyLater = await AdminAsync(http, RightKey);

        Assert.That(wrong, Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        Assert.That(rightKeyDuringLockout.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the right key is never refused");
        await AssertTooManyRequestsAsync(wrongKeyDuringLockout, "Too many wrong admin keys came from this address: the limit is 3 per 600 seconds (RateLimits:FailedAdminKeys).");
        Assert.That(wrongKeyDuringLockout.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromMinutes(15)));
        Assert.That(wrongKeyLater.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromMinutes(5)), "the lockout runs out by the clock");
        Assert.That(rightKeyLater.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task The_right_admin_key_is_never_counted_against_the_address()
    {
        await using var service = Start(("Admin:ApiKey", RightKey), ("RateLimits:FailedAdminKeys:PermitLimit", "1"));
        var http = service.CreateClient();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) answers.Add((await AdminAsync(http, RightKey)).StatusCode);
        answers.Add((await AdminAsync(http, "a-guess")).StatusCode);

        Assert.That(answers, Is.EqualTo(Enumerable.Repeat(HttpStatusCode.OK, 5).Append(HttpStatusCode.Unauthorized)));
    }

    [Test]
    [NonParallelizable]
    public async Task Without_known_proxies_X_Forwarded_For_is_ignored_and_cannot_dodge_the_limit()
    {
        await using var service = await TestProcesses.StartAsync(DataFolder.Path, LimitOfTwoStarts());

        var answers = await StartSessionsAsync(service, "203.0.113.1", "203.0.113.2", "203.0.113.3");

        Assert.That(answers, Is.EqualTo(new[] { HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests }));
    }

    [Test]
    [NonParallelizable]
    public async Task Behind_a_known_proxy_each_forwarded_client_has_its_own_limit()
    {
        var settings = LimitOfTwoStarts();
        settings["ForwardedHeaders__KnownProxies"] = "127.0.0.1";
        await using var service = await TestProcesses.StartAsync(DataFolder.Path, settings);

        var distinct = await StartSessionsAsync(service, "203.0.113.1", "203.0.113.2", "203.0.113.3");
        var same = await StartSessionsAsync(service, "198.51.100.7", "198.51.100.7", "198.51.100.7");

        Assert.That(distinct, Has.All.EqualTo(HttpStatusCode.Created));
        Assert.That(same, Is.EqualTo(new[] { HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests }));
    }

    private InProcessService Start(params (string Key, string Value)[] settings) =>
        new(DataFolder.Path, settings.ToDictionary(s => s.Key, s => (string?)s.Value));

    private static Dictionary<string, string> LimitOfTwoStarts() => new()
    {
        ["RateLimits__SessionCreates__PermitLimit"] = "2",
        ["RateLimits__SessionCreates__Window"] = "00:10:00",
    };

    private static async Task<HttpStatusCode[]> StartSessionsAsync(ServiceProcess service, params string[] forwardedFor)
    {
        var answers = new List<HttpStatusCode>();
        foreach (var client in forwardedFor)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/sessions") { Content = JsonContent.Create(new CreateSession()) };
            request.Headers.Add("X-Forwarded-For", client);
            using var response = await service.Http.SendAsync(request);
            answers.Add(response.StatusCode);
        }
        return [.. answers];
    }

    private static async Task<HttpResponseMessage> AdminAsync(HttpClient http, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/admin/tables");
        request.Headers.Add("X-Admin-Key", key);
        return await http.SendAsync(request);
    }

    private static async Task AssertTooManyRequestsAsync(HttpResponseMessage response, string detailStart)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(response.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero), "Retry-After says when to try again");
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<ApiProblem>();
        Assert.That(problem?.Title, Is.EqualTo("Too many requests"));
        Assert.That(problem?.Detail, Does.StartWith(detailStart));
    }
}
