using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// The single writer (group commit). Every write is queued here; the writer takes whatever has queued,
/// up to <see cref="StorageOptions.MaxWriteBatch"/>, runs it in one transaction with a savepoint per write,
/// commits once, and only then completes each write's task. A write that throws is rolled back to its
/// savepoint and fails alone; a commit that fails fails the whole batch, and nothing of it is stored.
/// </summary>
public sealed class StorageWriter(
    IStorageProvider storage,
    IOptions<StorageOptions> options,
    StorageMetrics metrics,
    ILogger<StorageWriter> logger)
{
    private const string SavepointName = "write";
    /// <summary>How often a write that lost a deadlock to another instance's writer (PostgreSQL) runs again before it fails.</summary>
    private const int AttemptsPerWrite = 5;
    private readonly Channel<PendingWrite> queue =
        Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly int maxBatch = Math.Max(1, options.Value.MaxWriteBatch);
    private SessionStoreDb? connection;
    private Task loop = Task.CompletedTask;
    private volatile string? closedBecause;

    /// <summary>Queues a write. The task completes after the transaction that ran it has committed.</summary>
    /// <exception cref="StorageUnavailableException">The writer is stopped or the database cannot be written.</exception>
    public Task<T> WriteAsync<T>(Func<SessionStoreDb, T> write)
    {
        if (closedBecause is { } reason) throw new StorageUnavailableException(reason);
        var pending = new PendingWrite<T>(write);
        metrics.Queued(1); // before the writer can take it, so the queue depth never dips below zero
        if (!queue.Writer.TryWrite(pending))
        {
            metrics.Queued(-1);
            throw new StorageUnavailableException("The service is shutting down and takes no more writes.");
        }
        return pending.Task;
    }

    /// <summary>Opens the writer's connection: on SQLite the writer pragmas, WAL first, before anything else opens the file.</summary>
    internal void Open() => connection = storage.OpenWriter();

    /// <summary>Starts committing the queued writes.</summary>
    internal void Start() => loop = Task.Run(RunAsync);

    /// <summary>Lets go of a database that turned out damaged before the writer started, leaving its files as they are.</summary>
    internal void Abandon()
    {
        connection?.Dispose();
        connection = null;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the writer between two batches with its connection closed, and refuses new writes with
    /// <paramref name="whileClosed"/> until it is done (an online recovery replaces the file under it). The connection reopens
    /// when the work succeeds; when it throws, the writer stays closed and refusing, as the database may not be there to reopen.
    /// </summary>
    internal Task RunClosedAsync(Action work, string whileClosed)
    {
        closedBecause = whileClosed;
        var closed = new ClosedWork(work);
        if (!queue.Writer.TryWrite(closed)) throw new StorageUnavailableException("The service is shutting down and takes no more writes.");
        return closed.Task;
    }

    /// <summary>Takes no new writes, finishes the queued ones, then lets the provider finish (SQLite checkpoints the WAL).</summary>
    internal async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        await loop.WaitAsync(cancellationToken);
        if (connection is null) return;
        storage.WriterStopping(connection);
        await connection.DisposeAsync();
        connection = null;
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingWrite>(maxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            ClosedWork? closed = null;
            while (closed is null && batch.Count < maxBatch && queue.Reader.TryRead(out var pending))
            {
                if (pending is ClosedWork work) closed = work;
                else batch.Add(pending);
            }
            if (batch.Count > 0)
            {
                var started = Stopwatch.GetTimestamp();
                var flush = Commit(batch);
                metrics.Committed(batch.Count, Stopwatch.GetElapsedTime(started), flush);
                batch.Clear();
            }
            if (closed is not null) RunClosed(closed);
        }
    }

    private void RunClosed(ClosedWork work)
    {
        connection?.Dispose();
        connection = null;
        try
        {
            work.Run(null!);
            connection = storage.OpenWriter();
        }
        catch (Exception e)
        {
            work.Fail(e);
            return;
        }
        closedBecause = null;
        work.Complete();
    }

    /// <summary>Runs and commits the batch; returns how long the COMMIT itself took (the WAL write and its flush), null if it failed.</summary>
    private TimeSpan? Commit(List<PendingWrite> batch)
    {
        TimeSpan flush;
        try
        {
            // A PostgreSQL connection that broke under the last batch (server restarted, network) is replaced here.
            var db = connection ??= storage.OpenWriter();
            using var transaction = db.BeginTransaction();
            var savepoints = db.Transaction!;
            foreach (var write in batch) RunInSavepoint(db, savepoints, write);
            var committing = Stopwatch.GetTimestamp();
            transaction.Commit();
            flush = Stopwatch.GetElapsedTime(committing);
        }
        catch (Exception e)
        {
            if (storage.ReplacesWriterAfterFailure)
            {
                connection?.Dispose();
                connection = null;
            }
            var failure = storage.Classify(e);
            if (failure is StorageUnavailableException)
                logger.LogWarning("A write batch of {Count} could not be committed, none of it was stored: {Reason}", batch.Count, failure.Message);
            else
                logger.LogError(e, "A write batch of {Count} could not be committed; none of it was stored.", batch.Count);
            foreach (var write in batch) write.Fail(failure);
            return null;
        }
        foreach (var write in batch) write.Complete();
        return flush;
    }

    /// <summary>
    /// Runs one write inside its own savepoint. A write that fails is rolled back to the savepoint, which also lets go
    /// of the row locks it took, so it fails alone; one that lost a deadlock to another instance runs again.
    /// </summary>
    private void RunInSavepoint(SessionStoreDb db, System.Data.Common.DbTransaction savepoints, PendingWrite write)
    {
        for (var attempt = 1; ; attempt++)
        {
            savepoints.Save(SavepointName);
            try
            {
                write.Run(db);
                savepoints.Release(SavepointName);
                return;
            }
            catch (Exception e)
            {
                savepoints.Rollback(SavepointName);
                savepoints.Release(SavepointName);
                if (storage.IsTransient(e) && attempt < AttemptsPerWrite) continue;
                write.Fail(storage.Classify(e));
                return;
            }
        }
    }

    private abstract class PendingWrite
    {
        public abstract void Run(SessionStoreDb db);
        public abstract void Complete();
        public abstract void Fail(Exception e);
    }

    /// <summary>Work that needs the database file to itself: it runs with the writer's connection closed.</summary>
    private sealed class ClosedWork(Action work) : PendingWrite
    {
        private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => completion.Task;
        public override void Run(SessionStoreDb db) => work();
        public override void Complete() => completion.TrySetResult();
        public override void Fail(Exception e) => completion.TrySetException(e);
    }

    private sealed class PendingWrite<T>(Func<SessionStoreDb, T> write) : PendingWrite
    {
        // Continuations run on the thread pool, never on the writer.
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;
        private bool failed;

        public Task<T> Task => completion.Task;
        public override void Run(SessionStoreDb db) => result = write(db);
        public override void Complete() { if (!failed) completion.TrySetResult(result!); }
        public override void Fail(Exception e) { failed = true; completion.TrySetException(e); }
    }
}
