namespace SessionStore.ServiceInterface.Storage;

/// <summary>Tells faults of the environment (disk, locks, permissions, an unreachable server) from everything else.</summary>
public static class StorageFaults
{
    /// <summary>ENOSPC: the errno .NET file APIs carry in an IOException's HResult.</summary>
    private const int NoSpaceLeft = 28;

    /// <summary>An environment fault becomes a <see cref="StorageUnavailableException"/> with one plain sentence; anything else stays as it is.</summary>
    public static Exception Classify(this IStorageProvider storage, Exception e) =>
        e is not StorageUnavailableException && storage.DescribeFault(e) is { } sentence ? new StorageUnavailableException(sentence, e) : e;

    public static bool IsDiskFull(IOException io) => (io.HResult & 0xFFFF) == NoSpaceLeft || io.Message.Contains("No space left", StringComparison.Ordinal);
}
