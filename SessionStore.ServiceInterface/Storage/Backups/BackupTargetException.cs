namespace SessionStore.ServiceInterface.Storage.Backups;

/// <summary>
/// A backup target could not be read or written, or a backup in it is not what its manifest says. The message is one
/// sentence for the operator, naming the target by its <see cref="IBackupTarget.Description"/> and never a key.
/// </summary>
public sealed class BackupTargetException(string message, Exception? innerException = null) : Exception(message, innerException);
