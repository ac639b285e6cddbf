using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using SessionStore.Benchmarks.Suite;

namespace SessionStore.Benchmarks.Http;

/// <summary>One iteration of a virtual user's loop, such as playing one session: its requests go through <paramref name="client"/>.</summary>
public delegate Task Iteration(LoadClient client);

/// <summary>
/// The one HTTP load loop of the benchmarks: <c>users</c> virtual users, each with at most one request in flight on
/// a keep-alive connection of its own (HTTP/1.1 over SocketsHttpHandler), repeating an <see cref="Iteration"/>
/// for a time or a count. Every request is timed from sending to the last byte of the answer. Given several base
/// addresses (instances of the service sharing one database), the users are spread over them in turn.
/// </summary>
public sealed class LoadGenerator : IDisposable
{
    private readonly IReadOnlyList<HttpClient> httpClients;

    public LoadGenerator(Uri baseAddress, int connections) : this([baseAddress], connections)
    {
    }

    public LoadGenerator(IReadOnlyList<Uri> baseAddresses, int connections)
    {
        var perAddress = (connections + baseAddresses.Count - 1) / baseAddresses.Count;
        httpClients = [.. baseAddresses.Select(address => new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = perAddress,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        })];
    }

    /// <summary>Sent as X-Admin-Key with every request, for the admin endpoints.</summary>
    public string AdminKey
    {
        set
        {
            foreach (var http in httpClients) http.DefaultRequestHeaders.Add("X-Admin-Key", value);
        }
    }

    /// <summary>Runs <paramref name="users"/> loops of <paramref name="iteration"/> for <paramref name="duration"/>.</summary>
    public Task<LoadResult> RunForAsync(TimeSpan duration, int users, Iteration iteration)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        return RunAsync(users, iteration, () => Stopwatch.GetTimestamp() < deadline);
    }

    /// <summary>Runs <paramref name="iterations"/> iterations in all, shared by <paramref name="users"/> loops.</summary>
    public Task<LoadResult> RunCountAsync(int iterations, int users, Iteration iteration)
    {
        var remaining = iterations;
        return RunAsync(users, iteration, () => Interlocked.Decrement(ref remaining) >= 0);
    }

    public void Dispose()
    {
        foreach (var http in httpClients) http.Dispose();
    }

    private async Task<LoadResult> RunAsync(int users, Iteration iteration, Func<bool> another)
    {
        var clients = Enumerable.Range(0, users).Select(user => new LoadClient(httpClients[user % httpClients.Count], new Random(user))).ToList();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            while (another())
            {
                try
                {
                    await iteration(client);
                }
                catch (UnexpectedAnswerException)
                {
                    // Counted by the client; the user goes on with its next iteration.
                }
            }
        })));
        clock.Stop();
        return new LoadResult(clock.Elapsed, clients.Sum(c => c.Failures), [.. clients.SelectMany(c => c.Latencies).Order()]);
    }
}

/// <summary>A virtual user's requests: each is timed, and an answer other than the expected status ends its iteration.</summary>
public sealed class LoadClient(HttpClient http, Random random)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public Random Random { get; } = random;
    internal List<double> Latencies { get; } = [];
    internal long Failures { get; private set; }

    /// <summary>Sends a request and returns the body of its answer; anything but 2xx (or 404 where allowed) is a failure.</summary>
    public async Task<byte[]> SendAsync(HttpMethod method, string path, byte[]? jsonBody = null, string? bearerToken = null, bool notFoundIsAnAnswer = false)
    {
        using var request = new HttpRequestMessage(method, path);
        if (jsonBody is not null) request.Content = new ByteArrayContent(jsonBody) { Headers = { ContentType = Json } };
        if (bearerToken is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        var started = Stopwatch.GetTimestamp();
        HttpStatusCode status;
        byte[] body;
        try
        {
            using var response = await http.SendAsync(request);
            status = response.StatusCode;
            body = await response.Content.ReadAsByteArrayAsync();
        }
        catch (HttpRequestException e)
        {
            Failures++;
            throw new UnexpectedAnswerException($"{method} {path}: {e.Message}");
        }
        Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if ((int)status is < 200 or > 299 && !(notFoundIsAnAnswer && status == HttpStatusCode.NotFound))
        {
            Failures++;
            throw new UnexpectedAnswerException($"{method} {path}: {(int)status}");
        }
        return body;
    }

    public Task<byte[]> GetAsync(string path, bool notFoundIsAnAnswer = false) => SendAsync(HttpMethod.Get, path, notFoundIsAnAnswer: notFoundIsAnAnswer);
}

/// <summary>What a load run did: its time, its failed requests, and every answered request's latency in ms, sorted.</summary>
public sealed record LoadResult(TimeSpan Elapsed, long Failures, IReadOnlyList<double> LatenciesMs)
{
    public long Requests => LatenciesMs.Count;
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;
    public double Percentile(double p) => Measurements.Percentile(LatenciesMs, p);
}

public sealed class UnexpectedAnswerException(string message) : Exception(message);
