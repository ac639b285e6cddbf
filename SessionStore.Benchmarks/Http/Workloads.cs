using System.Text;
using System.Text.Json;

namespace SessionStore.Benchmarks.Http;

/// <summary>What the virtual users do.</summary>
public static class Workloads
{
    /// <summary>Writes per <see cref="PlayOneSession"/>: start, three heartbeats, complete.</summary>
    public const int WritesPerSession = 5;

    private static readonly byte[] CreateBody = Encoding.UTF8.GetBytes("""{"playerName":"bench","game":"bench"}""");
    private static readonly byte[] CompleteBody = Encoding.UTF8.GetBytes("""{"score":1000}""");
    private static readonly byte[][] HeartbeatBodies =
        [.. Enumerable.Range(1, WritesPerSession - 2).Select(score => Encoding.UTF8.GetBytes($$"""{"score":{{score}}}"""))];

    /// <summary>A game round as a frontend plays it: start a session, three heartbeats with a score, complete it. Five durable writes.</summary>
    public static async Task PlayOneSession(LoadClient client)
    {
        var created = await client.SendAsync(HttpMethod.Post, "api/sessions", CreateBody);
        using var answer = JsonDocument.Parse(created);
        var id = answer.RootElement.GetProperty("session").GetProperty("id").GetString();
        var token = answer.RootElement.GetProperty("token").GetString();
        var path = $"api/sessions/{id}";
        foreach (var heartbeat in HeartbeatBodies) await client.SendAsync(HttpMethod.Patch, path, heartbeat, token);
        await client.SendAsync(HttpMethod.Post, path + "/complete", CompleteBody, token);
    }

    /// <summary>Starts a session: one durable write, with the same body every time.</summary>
    public static async Task CreateSession(LoadClient client) => await client.SendAsync(HttpMethod.Post, "api/sessions", CreateBody);

    /// <summary>The same GET every time.</summary>
    public static Iteration Get(string path) => client => client.GetAsync(path);

    /// <summary>One session by id, picked at random from <paramref name="ids"/>; an id that is not stored answers 404.</summary>
    public static Iteration ReadRandomSession(IReadOnlyList<string> ids) =>
        client => client.GetAsync($"api/sessions/{ids[client.Random.Next(ids.Count)]}", notFoundIsAnAnswer: true);
}
