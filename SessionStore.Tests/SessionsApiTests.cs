using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SessionStore.ServiceInterface.Storage;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>The sessions contract, end to end over HTTP against a real SQLite file and a real PostgreSQL database.</summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.PostgreSql)]
public sealed class SessionsApiTests(StorageProvider provider) : ServiceFixture(provider)
{

    private static string UniqueGame() => "g" + Guid.NewGuid().ToString("N")[..12];

    [Test]
    public async Task Creating_a_session_answers_201_with_its_location_the_session_and_a_token()
    {
        using var response = await Client.Http.PostAsJsonAsync("api/sessions",
            new { playerName = "  Ann  ", game = "chess", metadata = new { level = 3 } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var created = await response.Content.ReadFromJsonAsync<CreateSessionResponse>();
        Assert.That(created, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/sessions/{created!.Session.Id}"));
            Assert.That(created.Token, Has.Length.GreaterThanOrEqualTo(43), "a 256-bit token");
            Assert.That(created.Session.PlayerName, Is.EqualTo("Ann"), "the name is trimmed");
            Assert.That(created.Session.Game, Is.EqualTo("chess"));
            Assert.That(created.Session.Status, Is.EqualTo(SessionStatus.Active));
            Assert.That(created.Session.Score, Is.Null);
            Assert.That(created.Session.EndedAt, Is.Null);
            Assert.That(created.Session.Metadata?["level"]?.GetValue<int>(), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task A_session_created_with_no_body_is_anonymous_and_in_the_default_game()
    {
        using var response = await Client.Http.PostAsync("api/sessions", content: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var created = await response.Content.ReadFromJsonAsync<CreateSessionResponse>();
        Assert.That(created!.Session.PlayerName, Is.Null);
        Assert.That(created.Session.Game, Is.EqualTo("default"));
    }

    [Test]
    public async Task Times_are_ISO_8601_UTC_with_a_Z()
    {
        using var response = await Client.Http.PostAsJsonAsync("api/sessions", new { playerName = "Zed" });
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var startedAt = json["session"]!["startedAt"]!.GetValue<string>();
        Assert.That(startedAt, Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$"));
    }

    [Test]
    public async Task The_token_is_stored_only_as_a_hash()
    {
        var created = await Client.CreateSessionAsync(new CreateSession { PlayerName = "Hash" });

        var token = System.Text.Encoding.UTF8.GetBytes(created.Token);
        foreach (var stored in await StoredBytesAsync())
            Assert.That(stored.AsSpan().IndexOf(token), Is.EqualTo(-1));
        Assert.That(await StoredBytesAsync(), Has.Some.Matches<byte[]>(b => b.AsSpan().IndexOf(SHA256.HashData(token)) >= 0), "its hash is stored");
    }

    /// <summary>What the database keeps: the SQLite file and its WAL, or every PostgreSQL row of the sessions table.</summary>
    private async Task<List<byte[]>> StoredBytesAsync()
    {
        if (Provider == StorageProvider.Sqlite)
        {
            var wal = Service.DatabasePath + "-wal";
            return [await File.ReadAllBytesAsync(Service.DatabasePath), File.Exists(wal) ? await File.ReadAllBytesAsync(wal) : []];
        }
        await using var connection = new Npgsql.NpgsqlConnection(Storage.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT convert_to(CAST(s AS text), 'UTF8'), token_hash FROM sessions s", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<byte[]>();
        while (await reader.ReadAsync()) rows.AddRange([(byte[])reader[0], (byte[])reader[1]]);
        return rows;
    }

    [Test]
    public async Task A_session_reads_back_as_created()
    {
        var created = await Client.CreateSessionAsync(new CreateSession { PlayerName = "Bea", Game = "go" });

        var read = await Client.GetSessionAsync(new GetSession { Id = created.Session.Id });

        Assert.That(read with { Metadata = null }, Is.EqualTo(created.Session with { Metadata = null }));
    }

    [Test]
    public async Task An_unknown_session_is_404_with_a_problem()
    {
        using var response = await Client.Http.GetAsync($"api/sessions/{Guid.NewGuid()}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Listing_is_newest_first_filtered_and_paged()
    {
        var game = UniqueGame();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
            ids.Add((await Client.CreateSessionAsync(new CreateSession { Game = game, PlayerName = i % 2 == 0 ? "even" : "odd" })).Session.Id);
        await Client.CreateSessionAsync(new CreateSession { Game = UniqueGame() });

        var page = await Client.QuerySessionsAsync(new QuerySessions(Game: game, Skip: 1, Take: 2));
        var evens = await Client.QuerySessionsAsync(new QuerySessions(Game: game, PlayerName: "even"));

        Assert.Multiple(() =>
        {
            Assert.That(page.Total, Is.EqualTo(5));
            Assert.That(page.Skip, Is.EqualTo(1));
            Assert.That(page.Take, Is.EqualTo(2));
            Assert.That(page.Results.Select(s => s.Id), Is.EqualTo(new[] { ids[3], ids[2] }));
            Assert.That(evens.Results.Select(s => s.Id), Is.EqualTo(new[] { ids[4], ids[2], ids[0] }));
        });
    }

    [Test]
    public async Task Listing_filters_by_status()
    {
        var game = UniqueGame();
        var active = await Client.CreateSessionAsync(new CreateSession { Game = game });
        var done = await Client.CreateSessionAsync(new CreateSession { Game = game });
        await Client.CompleteSessionAsync(new CompleteSession { Id = done.Session.Id }, done.Token);

        var completed = await Client.QuerySessionsAsync(new QuerySessions(Game: game, Status: SessionStatus.Completed));
        var stillActive = await Client.QuerySessionsAsync(new QuerySessions(Game: game, Status: SessionStatus.Active));

        Assert.That(completed.Results.Select(s => s.Id), Is.EqualTo(new[] { done.Session.Id }));
        Assert.That(stillActive.Results.Select(s => s.Id), Is.EqualTo(new[] { active.Session.Id }));
    }

    [Test]
    public async Task A_heartbeat_sets_score_and_metadata_and_moves_last_seen()
    {
        var created = await Client.CreateSessionAsync(new CreateSession { Metadata = new JsonObject { ["a"] = 1 } });
        await Task.Delay(20);

        var updated = await Client.UpdateSessionAsync(new UpdateSession { Id = created.Session.Id, Score = 42 }, created.Token);
        var replaced = await Client.UpdateSessionAsync(new UpdateSession { Id = created.Session.Id, Metadata = new JsonObject { ["b"] = 2 } }, created.Token);

        Assert.Multiple(() =>
        {
            Assert.That(updated.Score, Is.EqualTo(42));
            Assert.That(updated.LastSeenAt, Is.GreaterThan(created.Session.LastSeenAt));
            Assert.That(updated.Metadata?.ToJsonString(), Is.EqualTo("""{"a":1}"""), "metadata is kept when not sent");
            Assert.That(replaced.Score, Is.EqualTo(42), "score is kept when not sent");
            Assert.That(replaced.Metadata?.ToJsonString(), Is.EqualTo("""{"b":2}"""), "metadata is replaced when sent");
            Assert.That(updated.Status, Is.EqualTo(SessionStatus.Active));
        });
    }

    [Test]
    public async Task Completing_ends_the_session_with_its_final_score_and_duration()
    {
        var created = await Client.CreateSessionAsync(new CreateSession { PlayerName = "Cy" });
        await Client.UpdateSessionAsync(new UpdateSession { Id = created.Session.Id, Score = 5 }, created.Token);

        var completed = await Client.CompleteSessionAsync(new CompleteSession { Id = created.Session.Id, Score = 9 }, created.Token);

        Assert.Multiple(() =>
        {
            Assert.That(completed.Status, Is.EqualTo(SessionStatus.Completed));
            Assert.That(completed.Score, Is.EqualTo(9));
            Assert.That(completed.EndedAt, Is.Not.Null);
            Assert.That(completed.DurationSeconds, Is.EqualTo((completed.EndedAt!.Value - completed.StartedAt).TotalSeconds).Within(0.001));
        });
    }

    [Test]
    public async Task Completing_without_a_score_keeps_the_last_reported_one()
    {
        var created = await Client.CreateSessionAsync(new CreateSession());
        await Client.UpdateSessionAsync(new UpdateSession { Id = created.Session.Id, Score = 7 }, created.Token);

        using var response = await Client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{created.Session.Id}/complete")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", created.Token) },
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await response.Content.ReadFromJsonAsync<Session>())!.Score, Is.EqualTo(7));
    }

    [Test]
    public async Task Abandoning_ends_the_session_as_abandoned()
    {
        var created = await Client.CreateSessionAsync(new CreateSession());

        var abandoned = await Client.AbandonSessionAsync(new AbandonSession { Id = created.Session.Id }, created.Token);

        Assert.That(abandoned.Status, Is.EqualTo(SessionStatus.Abandoned));
        Assert.That(abandoned.EndedAt, Is.Not.Null);
    }

    [Test]
    public async Task A_write_without_a_token_is_401_with_a_bearer_challenge()
    {
        var created = await Client.CreateSessionAsync(new CreateSession());

        using var response = await Client.Http.PatchAsJsonAsync($"api/sessions/{created.Session.Id}", new { score = 1 });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [TestCase("PATCH", "")]
    [TestCase("POST", "/complete")]
    [TestCase("POST", "/abandon")]
    public async Task Every_write_with_another_sessions_token_is_403_and_changes_nothing(string method, string suffix)
    {
        var target = await Client.CreateSessionAsync(new CreateSession());
        var other = await Client.CreateSessionAsync(new CreateSession());

        var status = await SendWrite(method, $"api/sessions/{target.Session.Id}{suffix}", other.Token);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await Client.GetSessionAsync(new GetSession { Id = target.Session.Id }), Is.EqualTo(target.Session).Using<Session>(SameState));
    }

    [TestCase("PATCH", "")]
    [TestCase("POST", "/complete")]
    [TestCase("POST", "/abandon")]
    public async Task Every_write_to_an_unknown_session_is_404(string method, string suffix)
    {
        var someToken = (await Client.CreateSessionAsync(new CreateSession())).Token;

        var status = await SendWrite(method, $"api/sessions/{Guid.NewGuid()}{suffix}", someToken);

        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("PATCH", "")]
    [TestCase("POST", "/complete")]
    [TestCase("POST", "/abandon")]
    public async Task Every_write_to_an_ended_session_is_409_and_changes_nothing(string method, string suffix)
    {
        var created = await Client.CreateSessionAsync(new CreateSession());
        var ended = await Client.CompleteSessionAsync(new CompleteSession { Id = created.Session.Id, Score = 3 }, created.Token);

        var status = await SendWrite(method, $"api/sessions/{created.Session.Id}{suffix}", created.Token);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await Client.GetSessionAsync(new GetSession { Id = created.Session.Id }), Is.EqualTo(ended).Using<Session>(SameState));
    }

    private async Task<HttpStatusCode> SendWrite(string method, string path, string token)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = JsonContent.Create(new { score = 1 }),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        };
        if (path.EndsWith("/abandon", StringComparison.Ordinal)) request.Content = null;
        using var response = await Client.Http.SendAsync(request);
        return response.StatusCode;
    }

    private static bool SameState(Session a, Session b) =>
        a with { Metadata = null } == b with { Metadata = null } && a.Metadata?.ToJsonString() == b.Metadata?.ToJsonString();
}
