namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// The storage cannot start. The message is one plain sentence for the operator: what, where and why,
/// so the host prints it instead of a stack trace.
/// </summary>
public sealed class StorageStartupException(string message, Exception? innerException = null)
    : Exception(message, innerException);
