using System.Globalization;
using SessionStore.ServiceInterface.Storage;
using SessionStore.TestSupport;

namespace SessionStore.Benchmarks.Http;

/// <summary>
/// Where the writer's time goes, from the service's own /metrics (sessionstore_storage_*), the process's CPU time and its
/// writer threads' (<see cref="StorageWriter.ThreadName"/>), taken before and after a load round: the difference
/// describes the round. A process with no /metrics (the storage-free server) has only its CPU time.
/// </summary>
public sealed record WriterFigures(double Batches, double Writes, double CommitSeconds, double FlushSeconds, TimeSpan ServiceCpu, TimeSpan WriterCpu)
{
    public static async Task<WriterFigures> ReadAsync(ServiceProcess service)
    {
        using var response = await service.Http.GetAsync(new Uri("metrics", UriKind.Relative));
        var metrics = response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
        return new WriterFigures(
            Batches: Metric(metrics, "sessionstore_storage_write_batch_size_count"),
            Writes: Metric(metrics, "sessionstore_storage_write_batch_size_sum"),
            CommitSeconds: Metric(metrics, "sessionstore_storage_commit_duration_sum"),
            FlushSeconds: Metric(metrics, "sessionstore_storage_commit_flush_duration_sum"),
            ServiceCpu: service.CpuTime,
            WriterCpu: service.ThreadCpuTime(StorageWriter.ThreadName));
    }

    public static WriterFigures operator -(WriterFigures after, WriterFigures before) => new(
        after.Batches - before.Batches, after.Writes - before.Writes, after.CommitSeconds - before.CommitSeconds,
        after.FlushSeconds - before.FlushSeconds, after.ServiceCpu - before.ServiceCpu, after.WriterCpu - before.WriterCpu);

    public static WriterFigures operator +(WriterFigures one, WriterFigures other) => new(
        one.Batches + other.Batches, one.Writes + other.Writes, one.CommitSeconds + other.CommitSeconds,
        one.FlushSeconds + other.FlushSeconds, one.ServiceCpu + other.ServiceCpu, one.WriterCpu + other.WriterCpu);

    public double MeanBatch => Writes / Batches;

    /// <summary>Running the batch's writes (BEGIN, SQL, savepoints), per batch, in ms.</summary>
    public double MeanRunMs => (CommitSeconds - FlushSeconds) / Batches * 1000;

    /// <summary>The COMMIT (WAL append and flush), per batch, in ms.</summary>
    public double MeanFlushMs => FlushSeconds / Batches * 1000;

    /// <summary>The share of <paramref name="elapsed"/> the writer spent inside a transaction.</summary>
    public double WriterBusy(TimeSpan elapsed) => CommitSeconds / elapsed.TotalSeconds;

    /// <summary>The service's CPU time per write, in µs (all its threads: HTTP, JSON, SQLite).</summary>
    public double CpuUsPerWrite => ServiceCpu.TotalMilliseconds * 1000 / Writes;

    /// <summary>The writer threads' CPU time per write, in µs: running the writes, the batch's work and the COMMIT.</summary>
    public double WriterCpuUsPerWrite => WriterCpu.TotalMilliseconds * 1000 / Writes;

    /// <summary>A sample's value from the Prometheus text format (a line "name value"), 0 when absent.</summary>
    public static double Metric(string metrics, string name) =>
        metrics.Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal)) is { } line
            ? double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture)
            : 0;
}
