namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// The running service holds <c>sessionstore.lock</c> in the data directory open exclusively (an advisory
/// lock that the kernel drops when the process ends, however it ends). A second SessionStore on the same
/// directory, or the offline restore, finds it taken and stops instead of working on a file in use.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    private readonly FileStream handle;

    private DataDirectoryLock(FileStream handle) => this.handle = handle;

    /// <exception cref="StorageStartupException">Another process holds the data directory.</exception>
    public static DataDirectoryLock Acquire(DatabaseFiles files, string whatIsStarting)
    {
        try
        {
            return new DataDirectoryLock(new FileStream(files.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new StorageStartupException(
                $"{whatIsStarting} cannot use the data directory {files.DataDirectory}: another SessionStore process holds it " +
                $"({DatabaseFiles.LockFileName} is locked); stop that process first.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StorageStartupException(DatabaseFiles.NotWritableSentence($"The lock file {files.LockPath}", e), e);
        }
    }

    public void Dispose() => handle.Dispose();
}
