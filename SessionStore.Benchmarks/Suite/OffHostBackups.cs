using System.Net.Http.Json;
using SessionStore.Benchmarks.Http;
using SessionStore.ServiceModel;
using SessionStore.TestSupport;
using static SessionStore.Benchmarks.Suite.Measurements;

namespace SessionStore.Benchmarks.Suite;

/// <summary>
/// Backups at 1,000,000 sessions with a store off the host (s3rver on loopback, <see cref="S3Server"/>): how long a backup
/// takes, how long its upload takes, what an upload costs the writes that run beside it, and how long a restore drill of
/// each copy takes. One service; each round measures durable write throughput once with no upload and once while a fresh
/// backup's upload runs, in rotating order, so the ratio compares rounds taken moments apart.
/// </summary>
public static class OffHostBackups
{
    private const int Connections = 32;
    private const int MostDrills = 3;

    public static async Task RunAsync(SuiteOptions options, BenchmarkDirectories directories, Report report)
    {
        const string Title = "Backups off the host at 1,000,000 sessions";
        if (S3Server.WhyUnavailable() is { } why)
        {
            report.Section(Title, $"Not measured: {why}; install it with scripts/s3-lab/up.sh.");
            return;
        }
        await using var s3 = await S3Server.StartAsync("sessionstore-bench");
        var settings = s3.Environment("benchmark");
        settings["Backup__Keep"] = "2";
        settings["Backup__S3__Keep"] = "2";
        settings["Backup__Interval"] = "30.00:00:00";
        settings["Backup__DrillInterval"] = "30.00:00:00";
        await using var service = await PublishedService.StartAsync("off-host backups", await directories.CopyOfMillionSessionsAsync("off-host"), settings);
        report.Section(Title,
            $"The published service on a copy of the million-session database ({MiB(new FileInfo(Path.Combine(MillionSessions.DataDirectory, "sessionstore.db")).Length)}), " +
            $"copying its backups to s3rver 3.7.1 on loopback (same disk, same 2 cores: no network in the way, so the upload time is the service's own cost). " +
            $"{options.Rounds} rounds: a backup (`POST /api/admin/backups`: VACUUM INTO, integrity_check, row counts, SHA-256, fsync), its upload " +
            $"(from sessionstore_backups_upload_duration: Content-MD5 per part, 16 MiB parts), and the session mix from {Connections} connections for " +
            $"{options.RoundLength.TotalSeconds:F0} s with no upload and for {options.RoundLength.TotalSeconds:F0} s starting as the upload starts, in rotating order. " +
            $"Then up to {MostDrills} restore drills (`POST /api/admin/drills`): each copies the newest backup of each place into a scratch folder (the remote one by download), " +
            "checks its SHA-256, runs PRAGMA integrity_check and counts every table's rows.");

        using var load = new LoadGenerator(service.BaseAddress, Connections);
        await load.RunForAsync(options.WarmUp, Connections, Workloads.PlayOneSession);
        List<double> backups = [], uploads = [], idle = [], uploading = [], covered = [];
        for (var round = 0; round < options.Rounds; round++)
        {
            if (round % 2 == 0) idle.Add(await WritesPerSecondAsync(load, options));
            var uploadsBefore = await UploadFiguresAsync(service);
            var started = DateTimeOffset.UtcNow;
            (await service.Http.PostAsync(new Uri("api/admin/backups", UriKind.Relative), null)).EnsureSuccessStatusCode();
            backups.Add((DateTimeOffset.UtcNow - started).TotalSeconds);
            uploading.Add(await WritesPerSecondAsync(load, options));
            var (count, seconds) = await UploadFiguresAsync(service);
            while (count == uploadsBefore.Count)
            {
                await Task.Delay(200);
                (count, seconds) = await UploadFiguresAsync(service);
            }
            uploads.Add(seconds - uploadsBefore.Seconds);
            covered.Add(Math.Min(1, uploads[^1] / options.RoundLength.TotalSeconds));
            if (round % 2 == 1) idle.Add(await WritesPerSecondAsync(load, options));
            Console.WriteLine($"  round {round + 1}: backup {Number(backups[^1], 1)} s, upload {Number(uploads[^1], 1)} s, " +
                              $"writes/s {Number(idle[^1])} idle, {Number(uploading[^1])} while uploading");
        }

        List<double> localDrills = [], remoteDrills = [];
        for (var drill = 0; drill < Math.Min(MostDrills, options.Rounds); drill++)
        {
            using var response = await service.Http.PostAsync(new Uri("api/admin/drills", UriKind.Relative), null);
            var results = (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<List<RestoreDrillResult>>(System.Text.Json.JsonSerializerOptions.Web))!;
            if (results.FirstOrDefault(r => !r.Passed) is { } failed) throw new InvalidOperationException($"A restore drill failed: {failed.Outcome}");
            localDrills.Add(results.Single(r => r.Location == BackupLocation.Local).DurationSeconds);
            remoteDrills.Add(results.Single(r => r.Location == BackupLocation.Remote).DurationSeconds);
            Console.WriteLine($"  drill {drill + 1}: local {Number(localDrills[^1], 1)} s, remote {Number(remoteDrills[^1], 1)} s");
        }

        var cost = MedianRatio(uploading, idle);
        report.Table(["figure", "median", "every round"],
        [
            ["backup, local (s)", Number(Median(backups), 1), All(backups, v => Number(v, 1))],
            ["upload to the store (s)", Number(Median(uploads), 1), All(uploads, v => Number(v, 1))],
            ["share of the loaded round the upload ran", $"{Number(Median(covered) * 100)}%", All(covered, v => $"{Number(v * 100)}%")],
            ["writes/s, no upload", Number(Median(idle)), All(idle, v => Number(v))],
            ["writes/s, while an upload runs", Number(Median(uploading)), All(uploading, v => Number(v))],
            ["writes while an upload runs / without (ratio)", Ratio(cost), All(uploading.Zip(idle, (a, b) => a / b), Ratio)],
            ["restore drill of the local backup (s)", Number(Median(localDrills), 1), All(localDrills, v => Number(v, 1))],
            ["restore drill of the remote copy (s)", Number(Median(remoteDrills), 1), All(remoteDrills, v => Number(v, 1))],
        ]);
        report.Target("write throughput while an upload runs / without, 1,000,000 sessions", Ratio(cost), "reported; the issue sets none", true);
    }

    private static async Task<double> WritesPerSecondAsync(LoadGenerator load, SuiteOptions options) =>
        (await load.RunForAsync(options.RoundLength, Connections, Workloads.PlayOneSession)).RequestsPerSecond;

    private static async Task<(double Count, double Seconds)> UploadFiguresAsync(ServiceProcess service)
    {
        var metrics = await service.Http.GetStringAsync(new Uri("metrics", UriKind.Relative));
        return (WriterFigures.Metric(metrics, "sessionstore_backups_upload_duration_count"), WriterFigures.Metric(metrics, "sessionstore_backups_upload_duration_sum"));
    }
}
