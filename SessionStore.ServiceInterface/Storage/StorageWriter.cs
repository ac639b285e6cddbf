using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// The writer (group commit). Every write is queued here; a writer loop takes whatever has queued, up to
/// <see cref="StorageOptions.MaxWriteBatch"/>, runs it in one transaction, lets the batch's <see cref="IBatchWork"/>
/// finish, commits once, and only then completes each write's task. Invariants:
/// <list type="bullet">
/// <item>A write is answered only after the commit of the transaction that ran it.</item>
/// <item>A write that throws fails alone: its batch is rolled back and every write in it runs again in a transaction of
/// its own, so the others commit and nothing of the failing one is stored.</item>
/// <item>The queue is bounded, in all and per key (a session's writes): past a bound a write is
/// refused at once with <see cref="StorageOverloadedException"/>, before anything of it is queued or run.</item>
/// </list>
/// SQLite has one writer loop (one writer per file); PostgreSQL may have several, each on a connection of its own.
/// Between two batches the SQLite writer can close its connection for work that needs the file to itself (an online
/// recovery, <see cref="RunClosedAsync"/>); writes are refused meanwhile.
/// </summary>
public sealed class StorageWriter(
    IStorageProvider storage,
    IOptions<StorageOptions> options,
    StorageMetrics metrics,
    ILogger<StorageWriter> logger)
{
    /// <summary>How often a write that lost a deadlock to another writer (PostgreSQL) runs again before it fails.</summary>
    private const int AttemptsPerWrite = 5;

    /// <summary>When a refused writer should try again: a batch commits in milliseconds, so a second is ample.</summary>
    private static readonly TimeSpan RetryAfterOverload = TimeSpan.FromSeconds(1);

    private readonly Channel<PendingWrite> queue = Channel.CreateUnbounded<PendingWrite>();
    private readonly ConcurrentDictionary<string, int> queuedPerKey = new(StringComparer.Ordinal);
    private readonly int maxBatch = options.Value.MaxWriteBatch;
    private readonly int maxQueued = options.Value.MaxQueuedWrites;
    private readonly int maxQueuedPerKey = options.Value.MaxQueuedWritesPerKey;
    private readonly SessionStoreDb?[] connections = new SessionStoreDb?[storage.Kind == StorageProvider.Sqlite ? 1 : options.Value.Writers];
    private int queued;
    private Task loops = Task.CompletedTask;
    private volatile string? closedBecause;

    /// <summary>
    /// Queues a write. The task completes after the transaction that ran it has committed. <paramref name="queueKey"/> names
    /// whose write it is (a session id), so that one of them cannot fill the queue for everyone.
    /// </summary>
    /// <exception cref="StorageOverloadedException">The queue is full, in all or for <paramref name="queueKey"/>; nothing was queued.</exception>
    /// <exception cref="StorageUnavailableException">The writer is stopped, or closed for an online recovery.</exception>
    public Task<T> WriteAsync<T>(Func<SessionStoreDb, T> write, string? queueKey = null)
    {
        if (closedBecause is { } reason) throw new StorageUnavailableException(reason);
        var pending = new PendingWrite<T>(write, queueKey);
        Admit(pending);
        metrics.Queued(1);
        if (!queue.Writer.TryWrite(pending))
        {
            Release(pending);
            metrics.Queued(-1);
            throw new StorageUnavailableException("The service is shutting down and takes no more writes.");
        }
        return pending.Task;
    }

    /// <summary>Opens the writers' connections: on SQLite the writer pragmas, WAL first, before anything else opens the file.</summary>
    internal void Open()
    {
        for (var i = 0; i < connections.Length; i++) connections[i] = storage.OpenWriter();
    }

    /// <summary>
    /// Starts committing the queued writes, each writer loop on a thread of its own (named <see cref="ThreadName"/> and its
    /// number, so its CPU time can be told apart from the rest of the process's).
    /// </summary>
    internal void Start() => loops = Task.WhenAll(Enumerable.Range(0, connections.Length).Select(StartLoop));

    /// <summary>What the writer threads are called (on Linux, the name /proc shows for them).</summary>
    public const string ThreadName = "ss-writer";

    private Task StartLoop(int writer)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try
            {
                Run(writer);
                stopped.SetResult();
            }
            catch (Exception e)
            {
                stopped.SetException(e);
            }
        }) { IsBackground = true, Name = $"{ThreadName}-{writer}" }.Start();
        return stopped.Task;
    }

    /// <summary>Lets go of a database that turned out damaged before the writer started, leaving its files as they are.</summary>
    internal void Abandon()
    {
        for (var i = 0; i < connections.Length; i++)
        {
            connections[i]?.Dispose();
            connections[i] = null;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the writer between two batches with its connection closed, and refuses new writes with
    /// <paramref name="whileClosed"/> until it is done (an online recovery replaces the file under it). The connection reopens
    /// when the work succeeds; when it throws, the writer stays closed and refusing, as the database may not be there to reopen.
    /// SQLite's alone: it has the one writer loop, so nothing else writes while the work runs.
    /// </summary>
    internal Task RunClosedAsync(Action work, string whileClosed)
    {
        if (connections.Length != 1) throw new InvalidOperationException("Only a single writer loop can close its connection for other work.");
        closedBecause = whileClosed;
        var closed = new ClosedWork(work);
        if (!queue.Writer.TryWrite(closed)) throw new StorageUnavailableException("The service is shutting down and takes no more writes.");
        return closed.Task;
    }

    /// <summary>Takes no new writes, finishes the queued ones, then lets the provider finish (SQLite checkpoints the WAL).</summary>
    internal async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        await loops.WaitAsync(cancellationToken);
        for (var i = 0; i < connections.Length; i++)
        {
            if (connections[i] is not { } connection) continue;
            storage.WriterStopping(connection);
            await connection.DisposeAsync();
            connections[i] = null;
        }
    }

    private void Admit(PendingWrite write)
    {
        if (Interlocked.Increment(ref queued) > maxQueued)
        {
            Interlocked.Decrement(ref queued);
            metrics.Refused(perKey: false);
            throw new StorageOverloadedException(
                $"The service is overloaded: {maxQueued} writes are waiting for the database. Nothing was stored; try again shortly.", RetryAfterOverload);
        }
        if (write.QueueKey is { } key && queuedPerKey.AddOrUpdate(key, 1, (_, count) => count + 1) > maxQueuedPerKey)
        {
            Release(write);
            metrics.Refused(perKey: true);
            throw new StorageOverloadedException(
                $"Too many writes of this session are waiting for the database ({maxQueuedPerKey}). Nothing was stored; try again shortly.", RetryAfterOverload);
        }
    }

    private void Release(PendingWrite write)
    {
        Interlocked.Decrement(ref queued);
        if (write.QueueKey is not { } key) return;
        while (queuedPerKey.TryGetValue(key, out var count))
        {
            if (count == 1 ? queuedPerKey.TryRemove(KeyValuePair.Create(key, 1)) : queuedPerKey.TryUpdate(key, count - 1, count)) return;
        }
    }

    private void Run(int writer)
    {
        var batch = new List<PendingWrite>(maxBatch);
        while (queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            ClosedWork? closed = null;
            while (closed is null && batch.Count < maxBatch && queue.Reader.TryRead(out var pending))
            {
                if (pending is ClosedWork work) closed = work;
                else batch.Add(pending);
            }
            if (batch.Count > 0) Commit(writer, batch); // none when another writer loop took them
            if (closed is not null) RunClosed(writer, closed);
        }
    }

    private void Commit(int writer, List<PendingWrite> batch)
    {
        if (batch.Count == 1 || !TryCommitTogether(writer, batch))
            foreach (var write in batch) CommitAlone(writer, write);
        foreach (var write in batch)
        {
            Release(write);
            write.Answer();
        }
        metrics.Queued(-batch.Count);
        batch.Clear();
    }

    private void RunClosed(int writer, ClosedWork work)
    {
        connections[writer]?.Dispose();
        connections[writer] = null;
        try
        {
            work.Run(db: null!);
            connections[writer] = storage.OpenWriter();
        }
        catch (Exception e)
        {
            work.Fail(e);
            work.Answer();
            return;
        }
        closedBecause = null;
        work.Answer();
    }

    /// <summary>
    /// The common case: the whole batch in one transaction, with no savepoints. False when a write or the batch's work
    /// threw: then nothing of the batch was stored, and each write is to run again alone.
    /// </summary>
    private bool TryCommitTogether(int writer, List<PendingWrite> batch)
    {
        var started = Stopwatch.GetTimestamp();
        SessionStoreDb? db = null;
        try
        {
            db = Connection(writer);
            using var transaction = db.BeginTransaction();
            foreach (var write in batch) write.Run(db);
            db.FinishBatchWork();
            var committing = Stopwatch.GetTimestamp();
            transaction.Commit();
            metrics.Committed(batch.Count, Stopwatch.GetElapsedTime(started), Stopwatch.GetElapsedTime(committing));
            return true;
        }
        catch (Exception e)
        {
            db?.DiscardBatchWork();
            Disconnect(writer);
            var failure = storage.Classify(e);
            if (failure is StorageUnavailableException && !storage.IsTransient(e))
            {
                // The database cannot be written at all (a full disk, a lost server): running each write alone would fail the same way.
                logger.LogWarning("A write batch of {Count} could not be committed, none of it was stored: {Reason}", batch.Count, failure.Message);
                foreach (var write in batch) write.Fail(failure);
                metrics.Committed(batch.Count, Stopwatch.GetElapsedTime(started), flush: null);
                return true;
            }
            return false;
        }
    }

    /// <summary>One write in a transaction of its own, run again while it loses deadlocks to another writer.</summary>
    private void CommitAlone(int writer, PendingWrite write)
    {
        for (var attempt = 1; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            SessionStoreDb? db = null;
            try
            {
                db = Connection(writer);
                using var transaction = db.BeginTransaction();
                write.Run(db);
                db.FinishBatchWork();
                var committing = Stopwatch.GetTimestamp();
                transaction.Commit();
                metrics.Committed(1, Stopwatch.GetElapsedTime(started), Stopwatch.GetElapsedTime(committing));
                return;
            }
            catch (Exception e)
            {
                db?.DiscardBatchWork();
                Disconnect(writer);
                metrics.Committed(1, Stopwatch.GetElapsedTime(started), flush: null);
                if (storage.IsTransient(e) && attempt < AttemptsPerWrite) continue;
                var failure = storage.Classify(e);
                if (failure is StorageUnavailableException) logger.LogWarning("A write could not be committed, nothing of it was stored: {Reason}", failure.Message);
                write.Fail(failure);
                return;
            }
        }
    }

    /// <summary>The writer's connection; a PostgreSQL one that broke under the last transaction (a restart, the network) is opened again.</summary>
    private SessionStoreDb Connection(int writer) => connections[writer] ??= storage.OpenWriter();

    private void Disconnect(int writer)
    {
        if (!storage.ReplacesWriterAfterFailure) return;
        connections[writer]?.Dispose();
        connections[writer] = null;
    }

    private abstract class PendingWrite(string? queueKey)
    {
        public string? QueueKey { get; } = queueKey;
        public abstract void Run(SessionStoreDb db);
        public abstract void Answer();
        public abstract void Fail(Exception e);
    }

    /// <summary>Work that needs the database file to itself: it runs with the writer's connection closed, and is never admitted to the queue's bounds.</summary>
    private sealed class ClosedWork(Action work) : PendingWrite(queueKey: null)
    {
        private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Exception? failure;

        public Task Task => completion.Task;
        public override void Run(SessionStoreDb db) => work();
        public override void Fail(Exception e) => failure = e;

        public override void Answer()
        {
            if (failure is not null) completion.TrySetException(failure);
            else completion.TrySetResult();
        }
    }

    private sealed class PendingWrite<T>(Func<SessionStoreDb, T> write, string? queueKey) : PendingWrite(queueKey)
    {
        // Continuations run on the thread pool, never on the writer.
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;
        private Exception? failure;

        public Task<T> Task => completion.Task;
        public override void Run(SessionStoreDb db) => result = write(db);
        public override void Fail(Exception e) => failure = e;

        public override void Answer()
        {
            if (failure is not null) completion.TrySetException(failure);
            else completion.TrySetResult(result!);
        }
    }
}
