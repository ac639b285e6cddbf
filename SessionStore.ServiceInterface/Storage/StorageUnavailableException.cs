namespace SessionStore.ServiceInterface.Storage;

/// <summary>The database cannot take writes right now for a reason outside the request (disk, locks, shutdown).</summary>
public sealed class StorageUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
