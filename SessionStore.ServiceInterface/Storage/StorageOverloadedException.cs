namespace SessionStore.ServiceInterface.Storage;

/// <summary>The write was refused before it was queued: too many writes are waiting. Nothing of it was stored.</summary>
public sealed class StorageOverloadedException(string message, TimeSpan retryAfter) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
