using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionStore.ServiceInterface.Storage.Recovery;

namespace SessionStore.ServiceInterface.Storage.Backups;

/// <summary>
/// Copies the verified local backups off the host, to the store <c>Backup:S3</c> names: at startup and after each new
/// backup, every one of the newest <see cref="S3BackupOptions.Keep"/> the store does not hold yet, newest first; then the
/// store is rotated like backups/. A pass that fails is tried again after a backoff that doubles from
/// <see cref="FirstRetryAfter"/> up to <see cref="BackupOptions.Interval"/>; after <see cref="FailuresBeforeDegraded"/>
/// failed passes in a row readiness is Degraded. Invariant: uploads only read finished backup files on their own
/// thread, so a failing or slow store never delays a write.
/// </summary>
public sealed class OffHostCopies : BackgroundService, IStorageCondition
{
    public const int FailuresBeforeDegraded = 3;
    public static readonly TimeSpan FirstRetryAfter = TimeSpan.FromSeconds(30);

    private readonly LocalBackups local;
    private readonly LiveDamage damage;
    private readonly BackupOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<OffHostCopies> logger;
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Counter<long> uploads;
    private readonly Histogram<double> uploadDuration;
    private volatile State state = new(null, 0, null, []);

    public OffHostCopies(LocalBackups local, LiveDamage damage, IOptions<BackupOptions> options, IMeterFactory meters, TimeProvider time, ILogger<OffHostCopies> logger)
    {
        this.local = local;
        this.damage = damage;
        this.options = options.Value;
        this.time = time;
        this.logger = logger;
        Target = local.Available && this.options.S3.Enabled ? new S3BackupTarget(this.options.S3) : null;

        var meter = meters.Create(BackupMeter.Name);
        uploads = meter.CreateCounter<long>("uploads", "{backup}", "Backups copied off the host, by outcome (succeeded, failed).");
        uploadDuration = meter.CreateHistogram("upload.duration", "s", "Time to upload one backup off the host, checksums included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600] });
        meter.CreateObservableGauge("upload.consecutive_failures", () => state.ConsecutiveFailures, "{pass}",
            "Passes of copying backups off the host that failed in a row; 0 after one succeeds.");
    }

    /// <summary>The store off the host, or null when none is configured (or in PostgreSQL mode).</summary>
    public S3BackupTarget? Target { get; }

    /// <summary>The backups the store held at the end of the last pass, newest first.</summary>
    public IReadOnlyList<BackupManifest> Remote => state.Remote;

    public DateTime? LastUploadAt => state.LastUploadAt;
    public int ConsecutiveFailures => state.ConsecutiveFailures;
    public string? LastError => state.LastError;

    public StorageConcern? Current() => state is { ConsecutiveFailures: >= FailuresBeforeDegraded } failing && Target is not null
        ? new StorageConcern(StorageConcernKind.UploadsFailing, HealthStatus.Degraded,
            "Backups are not reaching the off-host store.",
            $"{failing.ConsecutiveFailures} passes in a row failed to copy backups to {Target.Description}; the last said: {failing.LastError} " +
            $"Last successful upload: {(failing.LastUploadAt is { } at ? at.ToString("u") : "never")}.")
        : null;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (Target is not null) local.Created += _ => wake.Writer.TryWrite(true);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Target is null) return;
        var backoff = FirstRetryAfter;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan? retryAfter = null;
            try
            {
                await CopyAsync(Target, stoppingToken);
                state = state with { ConsecutiveFailures = 0, LastError = null };
                backoff = FirstRetryAfter;
            }
            catch (BackupTargetException e)
            {
                state = state with { ConsecutiveFailures = state.ConsecutiveFailures + 1, LastError = e.Message };
                uploads.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
                logger.LogWarning("Copying backups off the host failed ({Failures} in a row); the next try is in {Backoff}: {Reason}",
                    state.ConsecutiveFailures, backoff, e.Message);
                retryAfter = backoff;
                backoff = backoff * 2 < options.Interval ? backoff * 2 : options.Interval;
            }
            await WaitAsync(retryAfter, stoppingToken);
        }
    }

    /// <summary>One pass: uploads what the store lacks, newest first, then rotates the store.</summary>
    private async Task CopyAsync(S3BackupTarget target, CancellationToken cancellationToken)
    {
        var remote = (await target.ListAsync(cancellationToken)).ToList();
        var held = remote.Select(backup => backup.Name).ToHashSet(StringComparer.Ordinal);
        state = state with { Remote = Newest(remote) };
        foreach (var backup in (await local.ListAsync(cancellationToken)).Take(options.S3.Keep).Where(backup => !held.Contains(backup.Name)))
        {
            if (local.PathOf(backup.Name) is not { } path) continue; // rotated away meanwhile
            var started = Stopwatch.GetTimestamp();
            await target.UploadAsync(path, backup, cancellationToken);
            var took = Stopwatch.GetElapsedTime(started);
            uploadDuration.Record(took.TotalSeconds);
            uploads.Add(1, new KeyValuePair<string, object?>("outcome", "succeeded"));
            remote.Add(backup);
            held.Add(backup.Name);
            state = state with { LastUploadAt = time.GetUtcNow().UtcDateTime, Remote = Newest(remote) };
            logger.LogInformation("Backup {Name} copied to {Target} ({Size} bytes in {Seconds:0.0} s), checksums verified.",
                backup.Name, target.Description, backup.SizeBytes, took.TotalSeconds);
        }
        state = state with { Remote = Newest(remote) };
        foreach (var old in BackupRotation.Expired(state.Remote, options.S3.Keep, damage.FoundAt))
        {
            await target.DeleteAsync(old, cancellationToken);
            remote.Remove(old);
            state = state with { Remote = Newest(remote) };
            logger.LogInformation("Backup {Name} deleted from {Target}: Backup__S3__Keep is {Keep}.", old.Name, target.Description, options.S3.Keep);
        }
    }

    private static List<BackupManifest> Newest(List<BackupManifest> backups) =>
        [.. backups.OrderByDescending(backup => backup.CreatedAt).ThenByDescending(backup => backup.Name, StringComparer.Ordinal)];

    /// <summary>Until the next local backup, or the retry is due.</summary>
    private async Task WaitAsync(TimeSpan? retryAfter, CancellationToken stoppingToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var next = wake.Reader.WaitToReadAsync(either.Token).AsTask();
        var retry = retryAfter is { } delay ? Schedule.DelayAsync(delay, time, either.Token) : Task.Delay(Timeout.Infinite, either.Token);
        await Task.WhenAny(next, retry);
        await either.CancelAsync();
        wake.Reader.TryRead(out _);
        stoppingToken.ThrowIfCancellationRequested();
    }

    public override void Dispose()
    {
        Target?.Dispose();
        base.Dispose();
    }

    private sealed record State(DateTime? LastUploadAt, int ConsecutiveFailures, string? LastError, IReadOnlyList<BackupManifest> Remote);
}
