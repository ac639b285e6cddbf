namespace SessionStore.ServiceInterface.Storage;

/// <summary>The <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The name under <c>ConnectionStrings</c> that says where the PostgreSQL database is.</summary>
    public const string ConnectionStringName = "SessionStore";

    /// <summary>Which database keeps the data: one SQLite file in the data directory, or a PostgreSQL database several instances share.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The Npgsql connection string in PostgreSQL mode, from <c>ConnectionStrings:SessionStore</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Where sessionstore.db lives (SQLite mode) and the request log's logs.db (both modes). A relative path resolves
    /// against the working directory.
    /// </summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>SQLite's durability level. Full survives power loss; Normal may lose the last commits on power loss.</summary>
    public SynchronousMode Synchronous { get; set; } = SynchronousMode.Full;

    /// <summary>How long a connection waits for a lock held by another connection or process.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most writes the writer commits in one transaction.</summary>
    public int MaxWriteBatch { get; set; } = 256;

    /// <summary>
    /// The most writes waiting for the database, in all (about a second of writes at full load on a small machine; see
    /// docs/benchmarks.md). Past it a write is refused at once with 503 and Retry-After.
    /// </summary>
    public int MaxQueuedWrites { get; set; } = 5000;

    /// <summary>
    /// The most writes of one session waiting at once, so a flood on one session cannot
    /// fill the queue for everyone. Above a session's burst under its rate limit (20 writes), so a player within the limit
    /// is never refused here.
    /// </summary>
    public int MaxQueuedWritesPerKey { get; set; } = 64;

    /// <summary>PostgreSQL: writer loops per instance, each on a connection of its own. SQLite has one writer.</summary>
    public int Writers { get; set; } = 4;

    /// <summary>
    /// How long startup may spend on <c>PRAGMA quick_check</c>. A larger database is checked to the end in the
    /// background once the service is ready, so startup time stays flat as the data grows. Zero checks it all in the background.
    /// </summary>
    public TimeSpan StartupCheckBudget { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether damage found while the service runs is recovered at once (readiness 503 for the while), or left for the next
    /// start (readiness Degraded until then, and requests that meet it answer 503). SQLite mode only.
    /// </summary>
    public bool RecoverOnline { get; set; } = true;
}
