using System.Collections.Concurrent;
using System.Net;

namespace SessionStore.Tests.Support;

/// <summary>What the service acknowledged with a 2xx, and so must still hold after any crash.</summary>
public sealed class AcknowledgedWrites
{
    private readonly ConcurrentDictionary<Guid, (long Score, bool Completed)> sessions = new();
    private int writes;

    /// <summary>
    /// Plays sessions through <paramref name="client"/> (create, three scores, complete) and records each write once
    /// it is acknowledged, until <paramref name="stop"/> or until the service under it dies.
    /// </summary>
    public async Task WriteUntilKilledAsync(SessionStoreClient client, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var created = await client.CreateSessionAsync(new CreateSession { PlayerName = "crash" }, stop);
                var id = created.Session.Id;
                Created(id);
                for (var score = 1; score <= 3; score++)
                {
                    await client.UpdateSessionAsync(new UpdateSession { Id = id, Score = score }, created.Token, stop);
                    Scored(id, score);
                }
                await client.CompleteSessionAsync(new CompleteSession { Id = id, Score = 10 }, created.Token, stop);
                Completed(id);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or SessionStoreApiException { Status: HttpStatusCode.ServiceUnavailable })
        {
            // The process died under this request: it was never acknowledged, so nothing is owed.
        }
    }

    private void Created(Guid id) => Record(id, (0, false));
    private void Scored(Guid id, long score) => Record(id, (score, false));
    private void Completed(Guid id) => Record(id, (10, true));

    /// <summary>Returns once <paramref name="count"/> more writes have been acknowledged.</summary>
    public async Task WaitForWritesAsync(int count)
    {
        var target = Volatile.Read(ref writes) + count;
        await Eventually.Until(() => Task.FromResult(Volatile.Read(ref writes)), seen => seen >= target, TimeSpan.FromMinutes(2));
    }

    private void Record(Guid id, (long Score, bool Completed) state)
    {
        sessions[id] = state;
        Interlocked.Increment(ref writes);
    }

    public void AssertAllPresent(Snapshot snapshot, string when)
    {
        var stored = snapshot.Sessions.Select(json => System.Text.Json.JsonSerializer.Deserialize<Session>(json, System.Text.Json.JsonSerializerOptions.Web)!)
            .ToDictionary(s => s.Id);
        foreach (var (id, expected) in sessions)
        {
            Assert.That(stored.TryGetValue(id, out var session), $"{when}: acknowledged session {id} is missing");
            // A write that was sent but never acknowledged may still have committed: at least what was acknowledged is there.
            Assert.That(session!.Score ?? 0, Is.GreaterThanOrEqualTo(expected.Score), $"{when}: session {id} lost an acknowledged score");
            if (expected.Completed) Assert.That(session.Status, Is.EqualTo(SessionStatus.Completed), $"{when}: session {id} lost its completion");
        }
        Assert.That(snapshot.Stats.Total, Is.EqualTo(stored.Count), $"{when}: the counters agree with the rows");
    }
}
