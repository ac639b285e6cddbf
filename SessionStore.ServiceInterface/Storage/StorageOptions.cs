namespace SessionStore.ServiceInterface.Storage;

/// <summary>The <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Where sessionstore.db lives. A relative path resolves against the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>SQLite's durability level. Full survives power loss; Normal may lose the last commits on power loss.</summary>
    public SynchronousMode Synchronous { get; set; } = SynchronousMode.Full;

    /// <summary>How long a connection waits for a lock held by another connection or process.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most writes the single writer commits in one transaction.</summary>
    public int MaxWriteBatch { get; set; } = 256;

    /// <summary>
    /// How long startup may spend on <c>PRAGMA quick_check</c>. A larger database is checked to the end in the
    /// background once the service is ready, so startup time stays flat as the data grows. Zero checks it all in the background.
    /// </summary>
    public TimeSpan StartupCheckBudget { get; set; } = TimeSpan.FromSeconds(2);
}

public enum SynchronousMode
{
    Normal,
    Full,
}
