using System.Diagnostics.Metrics;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// The storage layer's meter: how the single writer batches and commits, how many writes wait for it, and how
/// large the database file and its WAL are. Recording costs an add or two per batch, never per read.
/// </summary>
public sealed class StorageMetrics
{
    public const string MeterName = "SessionStore.Storage";

    private readonly Histogram<int> batchSize;
    private readonly Histogram<double> commitDuration;
    private readonly Histogram<double> flushDuration;
    private readonly Counter<long> refusedWrites;
    private long queuedWrites;

    public StorageMetrics(IMeterFactory meters, DatabaseFiles files)
    {
        var meter = meters.Create(MeterName);
        batchSize = meter.CreateHistogram("write_batch.size", "{write}",
            "Writes committed together in one transaction by the single writer.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });
        commitDuration = meter.CreateHistogram("commit.duration", "s",
            "Time from the start of a write batch's transaction to its durable commit.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        flushDuration = meter.CreateHistogram("commit.flush.duration", "s",
            "Time of a write batch's COMMIT alone: appending it to the WAL and waiting for the disk to make it durable.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] });
        meter.CreateObservableGauge("write_queue.depth", () => Interlocked.Read(ref queuedWrites), "{write}",
            "Writes queued for the single writer and not yet committed.");
        refusedWrites = meter.CreateCounter<long>("writes.refused", "{write}",
            "Writes refused at once with 503 because the write queue was full, in all or for their session (load shed).");
        meter.CreateObservableGauge("database.size", () => DatabaseFiles.LengthOf(files.DatabasePath), "By",
            "Size of sessionstore.db.");
        meter.CreateObservableGauge("wal.size", () => DatabaseFiles.LengthOf(files.WalPath), "By",
            "Size of sessionstore.db-wal: commits not yet checkpointed into the database file.");
    }

    /// <summary>Writes queued (positive) or answered (negative).</summary>
    internal void Queued(int writes) => Interlocked.Add(ref queuedWrites, writes);

    /// <summary>A write refused because the queue was full; <paramref name="perKey"/> when its own key's bound was the one reached.</summary>
    internal void Refused(bool perKey) => refusedWrites.Add(1, new KeyValuePair<string, object?>("bound", perKey ? "key" : "total"));

    /// <param name="writes">How many writes the transaction held.</param>
    /// <param name="duration">From BEGIN to the end of COMMIT.</param>
    /// <param name="flush">The COMMIT alone; null when the transaction failed before or during it.</param>
    internal void Committed(int writes, TimeSpan duration, TimeSpan? flush)
    {
        batchSize.Record(writes);
        commitDuration.Record(duration.TotalSeconds);
        if (flush is { } flushed) flushDuration.Record(flushed.TotalSeconds);
    }
}
