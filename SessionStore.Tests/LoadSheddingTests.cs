using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SessionStore.ServiceInterface.Storage;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>
/// The write queue is bounded, in all and per session: past a bound a write is refused at once with 503, Retry-After and
/// a problem that says the service is overloaded, and nothing of it is queued or stored.
/// </summary>
public sealed class LoadSheddingTests : DataDirectoryPerTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    [Test]
    public async Task A_write_past_the_queue_bound_is_refused_at_once_and_nothing_of_it_is_stored()
    {
        await using var service = new InProcessService(DataFolder.Path, new Dictionary<string, string?> { ["Storage:MaxQueuedWrites"] = "3", ["Metrics:ServeBesideApi"] = "true" });
        var client = service.Client();
        using var busy = HoldTheWriter(service);

        // With the held write, two of these fill the queue and the third is refused; the service's own startup writes (the
        // sweep, the retention) may take places in the queue too, so fewer may be admitted, never more.
        var posts = Enumerable.Range(1, 3).Select(i => client.Http.PostAsJsonAsync("api/sessions", new CreateSession { PlayerName = $"start {i}" })).ToList();
        var refused = await (await Task.WhenAny(posts)).WaitAsync(Patience);
        busy.Release();
        var answers = await Task.WhenAll(posts).WaitAsync(Patience);
        var problem = await refused.Content.ReadFromJsonAsync<JsonObject>();

        var admitted = answers.Count(a => a.StatusCode == HttpStatusCode.Created);
        Assert.That(answers.Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.Created).Or.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(admitted, Is.LessThanOrEqualTo(2), "the queue holds three writes, the held one among them");
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "the refusal came at once, before the held write was released");
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That((string?)problem?["title"], Is.EqualTo("Service overloaded"));
        Assert.That((string?)problem?["detail"], Does.Contain("overloaded").And.Contain("Nothing was stored"));
        var stored = await client.QuerySessionsAsync(new QuerySessions(Take: 10));
        Assert.That(stored.Total, Is.EqualTo(1 + admitted), "the held start and the admitted ones; a refused start left no session");
        Assert.That(await client.Http.GetStringAsync("metrics"), Does.Match(RefusedSample("total", answers.Length - admitted)), "the operator sees every write shed");
        foreach (var answer in answers) answer.Dispose();
    }

    [Test]
    public async Task A_flood_of_writes_to_one_session_is_refused_for_that_session_only()
    {
        await using var service = new InProcessService(DataFolder.Path, new Dictionary<string, string?> { ["Storage:MaxQueuedWritesPerKey"] = "2", ["Metrics:ServeBesideApi"] = "true" });
        var client = service.Client();
        var flooded = await client.CreateSessionAsync(new CreateSession { PlayerName = "flooded" });
        var neighbour = await client.CreateSessionAsync(new CreateSession { PlayerName = "neighbour" });
        using var busy = HoldTheWriter(service);

        // Two of these wait behind the held write; whichever comes third is refused at once.
        var flood = Enumerable.Range(1, 3).Select(score => Send(client, flooded, score)).ToList();
        var refused = await (await Task.WhenAny(flood)).WaitAsync(Patience);
        var neighbours = Heartbeat(client, neighbour, 7);
        busy.Release();
        var answers = await Task.WhenAll(flood).WaitAsync(Patience);

        Assert.That(answers.Select(a => a.StatusCode), Is.EquivalentTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "the refusal came at once, while the others waited");
        Assert.That((await neighbours.WaitAsync(Patience)).Score, Is.EqualTo(7), "the other session's write was admitted meanwhile");
        var refusedScore = answers.Select((answer, i) => (answer, score: i + 1)).Single(a => a.answer.StatusCode == HttpStatusCode.ServiceUnavailable).score;
        Assert.That((await client.GetSessionAsync(new GetSession { Id = flooded.Session.Id })).Score, Is.Not.EqualTo(refusedScore), "the refused write changed nothing");
        Assert.That(await client.Http.GetStringAsync("metrics"), Does.Match(RefusedSample("key", 1)), "counted against the session's own bound");
        foreach (var answer in answers) answer.Dispose();
    }

    /// <summary><paramref name="count"/> refused writes counted under <paramref name="bound"/> in Prometheus's text format.</summary>
    private static string RefusedSample(string bound, int count) =>
        $@"(?m)^sessionstore_storage_writes_refused(_total)?\{{[^}}]*bound=""{bound}""[^}}]*\}} {count}(\s|$)";

    private static Task<HttpResponseMessage> Send(SessionStoreClient client, CreateSessionResponse session, long score)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"api/sessions/{session.Session.Id}") { Content = JsonContent.Create(new { score }) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", session.Token);
        return client.Http.SendAsync(request);
    }

    private static Task<Session> Heartbeat(SessionStoreClient client, CreateSessionResponse session, long score) =>
        client.UpdateSessionAsync(new UpdateSession { Id = session.Session.Id, Score = score }, session.Token);

    /// <summary>A start that keeps the writer inside its transaction until released, so every write after it waits in the queue.</summary>
    private static HeldWrite HoldTheWriter(InProcessService service)
    {
        var writer = service.Services.GetRequiredService<StorageWriter>();
        var writes = service.Services.GetRequiredService<ServiceInterface.Sessions.SessionWrites>();
        return new HeldWrite(writer, db => writes.Create(db, new CreateSession { PlayerName = "held" }, new byte[32], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
    }

    private sealed class HeldWrite : IDisposable
    {
        private readonly ManualResetEventSlim running = new();
        private readonly ManualResetEventSlim release = new();

        public HeldWrite(StorageWriter writer, Action<SessionStoreDb> write)
        {
            _ = writer.WriteAsync(db =>
            {
                write(db);
                running.Set();
                release.Wait(Patience);
                return 0;
            });
            Assert.That(running.Wait(Patience), "the held write started");
        }

        public void Release() => release.Set();

        public void Dispose()
        {
            release.Set();
            running.Dispose();
            release.Dispose();
        }
    }
}
