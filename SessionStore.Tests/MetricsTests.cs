using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>/metrics of a real process, as Prometheus scrapes it.</summary>
[NonParallelizable]
public sealed partial class MetricsTests : DataDirectoryPerTest
{
    [Test]
    public async Task Metrics_show_requests_write_batches_the_writer_queue_file_sizes_and_active_sessions()
    {
        await using var service = await TestProcesses.StartAsync(DataFolder.Path, new Dictionary<string, string> { ["Metrics__ServeBesideApi"] = "true" });
        var client = service.Client;
        var sessions = new List<CreateSessionResponse>();
        for (var i = 0; i < 5; i++) sessions.Add(await client.CreateSessionAsync(new CreateSession { PlayerName = $"p{i}" }));
        await client.CompleteSessionAsync(new CompleteSession { Id = sessions[0].Session.Id, Score = 10 }, sessions[0].Token);

        var metrics = await service.Http.GetStringAsync("metrics");

        Assert.Multiple(() =>
        {
            Assert.That(Value(metrics, "sessionstore_sessions_active"), Is.EqualTo(4));
            Assert.That(Value(metrics, "sessionstore_storage_write_batch_size_sum"), Is.GreaterThanOrEqualTo(6), "our six writes and the abandoned-session sweeps");
            Assert.That(Value(metrics, "sessionstore_storage_write_batch_size_count"),
                Is.GreaterThanOrEqualTo(1).And.LessThanOrEqualTo(Value(metrics, "sessionstore_storage_write_batch_size_sum")));
            Assert.That(Value(metrics, "sessionstore_storage_commit_duration_count"), Is.EqualTo(Value(metrics, "sessionstore_storage_write_batch_size_count")));
            Assert.That(metrics, Does.Contain("sessionstore_storage_commit_duration_bucket{le=\"0.001\"}"), "a histogram with its buckets");
            Assert.That(Value(metrics, "sessionstore_storage_commit_flush_duration_count"), Is.EqualTo(Value(metrics, "sessionstore_storage_write_batch_size_count")),
                "every batch committed, so every one has its COMMIT timed");
            Assert.That(Value(metrics, "sessionstore_storage_commit_flush_duration_sum"), Is.LessThanOrEqualTo(Value(metrics, "sessionstore_storage_commit_duration_sum")),
                "the COMMIT is a part of the batch's time");
            Assert.That(Value(metrics, "sessionstore_storage_write_queue_depth"), Is.Zero, "nothing waits once every write is answered");
            Assert.That(Value(metrics, "sessionstore_storage_database_size") + Value(metrics, "sessionstore_storage_wal_size"), Is.GreaterThan(0));
            Assert.That(Value(metrics, "microsoft_aspnetcore_hosting_http_server_request_duration_count",
                """http_request_method="POST",http_response_status_code="201",http_route="/api/sessions/"""), Is.EqualTo(5));
            Assert.That(Value(metrics, "microsoft_aspnetcore_ratelimiting_aspnetcore_rate_limiting_requests",
                """aspnetcore_rate_limiting_policy="session-creates",aspnetcore_rate_limiting_result="acquired"""), Is.EqualTo(5));
        });
    }

    [Test]
    public async Task With_a_metrics_port_metrics_are_served_there_and_not_beside_the_API()
    {
        var port = LoopbackPort.Free();
        await using var service = await TestProcesses.StartAsync(DataFolder.Path, new Dictionary<string, string> { ["Metrics__Port"] = port.ToString(CultureInfo.InvariantCulture) });
        await service.Client.CreateSessionAsync(new CreateSession());

        using var beside = await service.Http.GetAsync("metrics");
        using var separate = new HttpClient();
        var metrics = await separate.GetStringAsync($"http://127.0.0.1:{port}/metrics");

        Assert.That(beside.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(Value(metrics, "sessionstore_sessions_active"), Is.EqualTo(1));
    }

    [Test]
    public async Task Turned_off_there_is_no_metrics_endpoint_even_where_one_was_asked_for()
    {
        await using var service = await TestProcesses.StartAsync(DataFolder.Path,
            new Dictionary<string, string> { ["Metrics__Enabled"] = "false", ["Metrics__ServeBesideApi"] = "true" });

        using var response = await service.Http.GetAsync("metrics");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    /// <summary>The value of one sample, by name and (a part of) its labels; fails naming the metric if there is none.</summary>
    private static double Value(string metrics, string name, string labels = "")
    {
        foreach (Match sample in Sample().Matches(metrics))
            if (sample.Groups["name"].Value == name && sample.Groups["labels"].Value.Contains(labels, StringComparison.Ordinal))
                return double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
        Assert.Fail($"/metrics has no sample {name}{{{labels}…}}:\n{metrics}");
        return double.NaN;
    }

    [GeneratedRegex(@"^(?<name>[a-z_:][a-z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
