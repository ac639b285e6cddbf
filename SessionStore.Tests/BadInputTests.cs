using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SessionStore.ServiceInterface.Storage;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>Every kind of bad input gets a 4xx problem, never a 500, and leaves the stored data as it was.</summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.PostgreSql)]
public sealed class BadInputTests(StorageProvider provider) : ServiceFixture(provider)
{
    private const string Sql = "'; DROP TABLE sessions; --";
    private CreateSessionResponse target = null!;

    protected override async Task OnStartedAsync() =>
        target = await Client.CreateSessionAsync(new CreateSession { PlayerName = "Target", Metadata = new JsonObject { ["k"] = "v" } });

    public static IEnumerable<TestCaseData> BadCreates() =>
    [
        Case("malformed JSON", "{\"playerName\": \"x\""),
        Case("not JSON at all", "hello"),
        Case("a JSON array instead of an object", "[]"),
        Case("a number where a name belongs", """{"playerName": 5}"""),
        Case("an unknown field", """{"playerName": "x", "isAdmin": true}"""),
        Case("a field given twice", """{"playerName": "x", "playerName": "y"}"""),
        Case("a blank player name", """{"playerName": "   "}"""),
        Case("a 33-character player name", $$"""{"playerName": "{{new string('x', 33)}}"}"""),
        Case("a control character in the player name", """{"playerName": "a\u0007b"}"""),
        Case("a newline in the player name", """{"playerName": "a\nb"}"""),
        Case("a slash in the game", """{"game": "../etc/passwd"}"""),
        Case("SQL in the game", $$"""{"game": "{{Sql}}"}"""),
        Case("an empty game", """{"game": ""}"""),
        Case("a 65-character game", $$"""{"game": "{{new string('g', 65)}}"}"""),
        Case("metadata that is not an object", """{"metadata": [1, 2]}"""),
        Case("metadata that is a string", """{"metadata": "x"}"""),
        Case("metadata over 4 KiB", $$$"""{"metadata": {"blob": "{{{new string('m', 4100)}}}"}}"""),
    ];

    public static IEnumerable<TestCaseData> BadUpdates() =>
    [
        Case("a negative score", """{"score": -1}"""),
        Case("a fractional score", """{"score": 1.5}"""),
        Case("a score beyond int64", """{"score": 9223372036854775808}"""),
        Case("a score as a string", """{"score": "10"}"""),
        Case("an unknown field", """{"score": 1, "status": "completed"}"""),
        Case("the id in the body", """{"id": "00000000-0000-0000-0000-000000000000"}"""),
        Case("malformed JSON", """{"score": """),
        Case("metadata over 4 KiB", $$$"""{"metadata": {"blob": "{{{new string('m', 4100)}}}"}}"""),
    ];

    private static TestCaseData Case(string what, string body) => new TestCaseData(body).SetArgDisplayNames(what);

    [TestCaseSource(nameof(BadCreates))]
    public async Task Creating_with_bad_input_is_a_400_problem_and_creates_nothing(string body)
    {
        var before = await Client.GetStatsAsync(new GetStats());

        using var response = await Client.Http.PostAsync("api/sessions", Json(body));

        await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.That((await Client.GetStatsAsync(new GetStats())).Sessions, Is.EqualTo(before.Sessions));
    }

    [TestCaseSource(nameof(BadUpdates))]
    public async Task Updating_with_bad_input_is_a_400_problem_and_changes_nothing(string body)
    {
        using var response = await SendWithTargetToken(HttpMethod.Patch, "", Json(body));

        await AssertProblem(response, HttpStatusCode.BadRequest);
        await AssertTargetUnchanged();
    }

    [TestCase("""{"score": -5}""")]
    [TestCase("""{"score": "high"}""")]
    [TestCase("""{"score": 1, "winner": true}""")]
    public async Task Completing_with_bad_input_is_a_400_problem_and_the_session_stays_active(string body)
    {
        using var response = await SendWithTargetToken(HttpMethod.Post, "/complete", Json(body));

        await AssertProblem(response, HttpStatusCode.BadRequest);
        await AssertTargetUnchanged();
    }

    [TestCase("api/sessions?take=501")]
    [TestCase("api/sessions?take=0")]
    [TestCase("api/sessions?take=lots")]
    [TestCase("api/sessions?skip=-1")]
    [TestCase("api/sessions?status=finished")]
    [TestCase("api/sessions?status=1")]
    [TestCase("api/sessions?game=%27%3B%20DROP%20TABLE%20sessions%3B%20--")]
    [TestCase("api/sessions?playerName=" + "0123456789012345678901234567890123")]
    [TestCase("api/highscores?take=101")]
    [TestCase("api/highscores?take=0")]
    [TestCase("api/highscores?game=..%2F..%2Fetc")]
    public async Task A_bad_query_is_a_400_problem(string path)
    {
        using var response = await Client.Http.GetAsync(path);

        await AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task SQL_in_a_filter_value_is_only_a_value()
    {
        var result = await Client.QuerySessionsAsync(new QuerySessions(PlayerName: "x' OR '1'='1"));

        Assert.That(result.Total, Is.Zero);
        Assert.That((await Client.GetStatsAsync(new GetStats())).Sessions.Total, Is.GreaterThan(0), "the sessions table is still there");
    }

    [TestCase("api/sessions/not-a-session-id")]
    [TestCase("api/sessions/..%2F..%2Fetc%2Fpasswd")]
    [TestCase("api/sessions/%27%20OR%201%3D1")]
    public async Task A_malformed_session_id_is_a_404_problem(string path)
    {
        using var response = await Client.Http.GetAsync(path);

        await AssertProblem(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_body_that_is_not_JSON_is_a_415_problem()
    {
        using var response = await Client.Http.PostAsync("api/sessions", new StringContent("playerName=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await AssertProblem(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    public async Task A_bearer_header_with_no_token_is_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{target.Session.Id}/abandon");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer ");

        using var response = await Client.Http.SendAsync(request);

        await AssertProblem(response, HttpStatusCode.Unauthorized);
        await AssertTargetUnchanged();
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<HttpResponseMessage> SendWithTargetToken(HttpMethod method, string suffix, HttpContent content)
    {
        using var request = new HttpRequestMessage(method, $"api/sessions/{target.Session.Id}{suffix}") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.Token);
        return await Client.Http.SendAsync(request);
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        var problem = JsonNode.Parse(body)!;
        Assert.That(problem["status"]?.GetValue<int>(), Is.EqualTo((int)expected));
        Assert.That(problem["title"]?.GetValue<string>(), Is.Not.Empty);
    }

    private async Task AssertTargetUnchanged()
    {
        var now = await Client.GetSessionAsync(new GetSession { Id = target.Session.Id });
        Assert.That(now with { Metadata = null }, Is.EqualTo(target.Session with { Metadata = null }));
        Assert.That(now.Metadata?.ToJsonString(), Is.EqualTo(target.Session.Metadata?.ToJsonString()));
    }
}
