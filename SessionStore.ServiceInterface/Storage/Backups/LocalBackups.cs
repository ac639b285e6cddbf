using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionStore.ServiceInterface.Storage.Recovery;
using SessionStore.ServiceInterface.Storage.Sqlite;

namespace SessionStore.ServiceInterface.Storage.Backups;

/// <summary>
/// Consistent online backups in <c>backups/</c>, the local <see cref="IBackupTarget"/>. A backup is <c>VACUUM INTO</c> on its
/// own read-only connection: it reads one snapshot while the writer keeps committing (WAL). The copy is checked with
/// <c>PRAGMA integrity_check</c>, its rows counted and its SHA-256 taken, and it is flushed to disk; then its manifest is
/// written and flushed, and only then does the copy get its final name and the folder get flushed. So a listed backup is
/// whole on disk before any older one is rotated away, and a crash at any point leaves a leftover (<c>.partial</c>, a
/// manifest without its backup) that the next backup clears, never a listed backup that is not whole.
/// Invariant: only backups with their manifest are the service's own; anything else in the folder is foreign, listed,
/// never verified, never rotated. SQLite mode only: a PostgreSQL server is backed up with its own tools (<see cref="NotInThisMode"/>).
/// </summary>
public sealed partial class LocalBackups(
    DatabaseFiles files,
    StorageStatus status,
    LiveDamage damage,
    IOptions<StorageOptions> storage,
    IOptions<BackupOptions> options,
    TimeProvider time,
    ILogger<LocalBackups> logger) : IBackupTarget, IDisposable
{
    private const string OwnPrefix = "sessionstore-";
    private const string Extension = ".db";
    private const string PartialExtension = ".partial";
    private const string TimestampFormat = "yyyyMMdd'T'HHmmss.fff'Z'";
    private readonly SemaphoreSlim oneAtATime = new(1, 1);

    /// <summary>Why there are no backups in PostgreSQL mode, and what to use instead.</summary>
    public const string NotInThisMode =
        "Backups, quarantine and recovery belong to SQLite mode. This service keeps its data in PostgreSQL: back it up with " +
        "PostgreSQL's own tools, pg_dump for copies or base backups with WAL archiving for point-in-time recovery (docs/operations.md, PostgreSQL).";

    /// <summary>Whether the service takes backups itself: only of a SQLite database file.</summary>
    public bool Available => storage.Value.Provider == StorageProvider.Sqlite;

    public BackupLocation Location => BackupLocation.Local;

    public string Description => files.BackupsDirectory;

    /// <summary>Raised after each new backup is listed, so it can be copied off the host.</summary>
    public event Action<BackupManifest>? Created;

    /// <summary>Every .db file in backups/, the service's own and foreign ones, newest first; none in PostgreSQL mode.</summary>
    public IReadOnlyList<BackupFile> List()
    {
        if (!Available || !Directory.Exists(files.BackupsDirectory)) return [];
        return [.. new DirectoryInfo(files.BackupsDirectory).EnumerateFiles("*" + Extension)
            .Where(file => IsValidName(file.Name))
            .Select(Describe)
            .OrderByDescending(backup => backup.CreatedAt)
            .ThenByDescending(backup => backup.Name, StringComparer.Ordinal)];
    }

    public Task<IReadOnlyList<BackupManifest>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<BackupManifest>>([.. List().Select(backup => backup.Manifest).OfType<BackupManifest>()]);

    /// <summary>
    /// The full path of a listed backup, or null. The name must be a plain file name and one of the
    /// listed backups, so nothing a caller sends can point outside backups/.
    /// </summary>
    public string? PathOf(string name)
    {
        if (!IsValidName(name) || !List().Any(backup => backup.Name == name)) return null;
        var path = Path.Combine(files.BackupsDirectory, name);
        return Path.GetDirectoryName(path) == files.BackupsDirectory ? path : null;
    }

    /// <summary>A backup file name: letters, digits, '.', '_' and '-', starting with a letter or digit, ending in .db.</summary>
    public static bool IsValidName(string name) => BackupName().IsMatch(name);

    public Task CopyToAsync(BackupManifest backup, string destination, CancellationToken cancellationToken) => Task.Run(() =>
    {
        var source = Path.Combine(files.BackupsDirectory, backup.Name);
        try
        {
            File.Copy(source, destination, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BackupTargetException($"Backup {backup.Name} could not be copied out of {Description}: {e.Message}", e);
        }
        if (backup.Mismatch(destination) is { } mismatch)
        {
            File.Delete(destination);
            throw new BackupTargetException($"Backup {backup.Name} in {Description} is not what its manifest recorded: {mismatch}.");
        }
    }, cancellationToken);

    public Task DeleteAsync(BackupManifest backup, CancellationToken cancellationToken) => Task.Run(() =>
    {
        var path = Path.Combine(files.BackupsDirectory, backup.Name);
        try
        {
            // The backup first: a manifest left without it is cleared later, a backup left without its manifest would be foreign for good.
            File.Delete(path);
            File.Delete(BackupManifest.NameFor(path));
            DurableFiles.FlushDirectory(files.BackupsDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BackupTargetException($"Backup {backup.Name} could not be deleted from {Description}: {e.Message}", e);
        }
    }, cancellationToken);

    /// <summary>Takes a backup now, verifies it, writes its manifest and rotates the old ones. One backup runs at a time.</summary>
    /// <exception cref="StorageUnavailableException">The backup could not be written or did not verify; nothing was kept.</exception>
    public async Task<BackupManifest> CreateAsync(CancellationToken cancellationToken)
    {
        await oneAtATime.WaitAsync(cancellationToken);
        BackupManifest manifest;
        try
        {
            manifest = await Task.Run(() => Create(cancellationToken), cancellationToken);
            await RotateAsync(cancellationToken);
        }
        finally
        {
            oneAtATime.Release();
        }
        Created?.Invoke(manifest);
        return manifest;
    }

    private BackupManifest Create(CancellationToken cancellationToken)
    {
        var createdAt = time.GetUtcNow().UtcDateTime;
        var name = OwnPrefix + createdAt.ToString(TimestampFormat, CultureInfo.InvariantCulture) + Extension;
        var path = Path.Combine(files.BackupsDirectory, name);
        var partial = path + PartialExtension;
        BackupManifest manifest;
        try
        {
            Directory.CreateDirectory(files.BackupsDirectory);
            ClearLeftovers();
            Snapshot(partial, cancellationToken);
            manifest = Verify(partial, name, createdAt)
                ?? throw new StorageUnavailableException($"The backup {name} failed PRAGMA integrity_check and was discarded.");
            DurableFiles.Flush(partial);
            manifest.WriteBeside(path);
            File.Move(partial, path, overwrite: false);
            DurableFiles.FlushDirectory(files.BackupsDirectory);
        }
        catch (SqliteException e) when (SqliteErrors.IsDamageFoundWhileRunning(e))
        {
            damage.Report($"{DatabaseFiles.DatabaseFileName} could not be read for backup {name}: {e.Message}");
            throw new StorageUnavailableException($"The backup {name} could not be taken: {LiveDamage.Sentence}", e);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"The backup {name} could not be written: {SqliteFaults.Describe(e) ?? e.Message}", e);
        }
        finally
        {
            File.Delete(partial);
        }
        logger.LogInformation("Backup {Name} written to {Directory} ({Size} bytes, SHA-256 {Sha256}), verified and flushed to disk.",
            name, files.BackupsDirectory, manifest.SizeBytes, manifest.Sha256);
        return manifest;
    }

    /// <summary>VACUUM INTO reads one consistent snapshot on a read-only connection; it never takes the write lock.</summary>
    private void Snapshot(string target, CancellationToken cancellationToken)
    {
        using var connection = SqliteFile.Open(files.DatabasePath, SqliteOpenMode.ReadOnly);
        SQLitePCL.raw.sqlite3_progress_handler(connection.Handle, 1000, _ => cancellationToken.IsCancellationRequested ? 1 : 0, null);
        using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO $target";
        command.Parameters.AddWithValue("$target", target);
        try
        {
            command.ExecuteNonQuery();
        }
        catch (SqliteException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>The manifest of a copy that passes integrity_check at the database's schema version; null when it does not.</summary>
    private BackupManifest? Verify(string path, string name, DateTime createdAt)
    {
        if (SqliteFile.IntegrityProblem(path) is { } problem)
        {
            logger.LogWarning("The backup {Name} failed verification: {Problem}", name, problem);
            return null;
        }
        using var connection = SqliteFile.Open(path, SqliteOpenMode.ReadOnly);
        var version = SqliteFile.SchemaVersion(connection);
        if (version != status.SchemaVersion)
        {
            logger.LogWarning("The backup {Name} failed verification: schema version {Version} where the database has {Expected}", name, version, status.SchemaVersion);
            return null;
        }
        return new BackupManifest(BackupManifest.CurrentFormat, name, createdAt, DatabaseFiles.LengthOf(path), BackupManifest.FileSha256(path),
            version, SqliteFile.RowCounts(connection));
    }

    /// <summary>Deletes the own backups beyond Backup__Keep, keeping the newest one taken before damage that is not repaired.</summary>
    private async Task RotateAsync(CancellationToken cancellationToken)
    {
        foreach (var old in BackupRotation.Expired(await ListAsync(cancellationToken), options.Value.Keep, damage.FoundAt))
        {
            try
            {
                await DeleteAsync(old, cancellationToken);
                logger.LogInformation("Backup {Name} deleted: Backup__Keep is {Keep}.", old.Name, options.Value.Keep);
            }
            catch (BackupTargetException e)
            {
                logger.LogWarning("The old backup {Name} could not be deleted: {Reason}", old.Name, e.Message);
            }
        }
    }

    /// <summary>What a crash can leave behind: a copy not yet named (.partial), a manifest whose backup was never named or was deleted.</summary>
    private void ClearLeftovers()
    {
        foreach (var partial in Directory.EnumerateFiles(files.BackupsDirectory, "*" + Extension + PartialExtension)) File.Delete(partial);
        foreach (var manifest in Directory.EnumerateFiles(files.BackupsDirectory, "*" + Extension + BackupManifest.Extension))
            if (!File.Exists(manifest[..^BackupManifest.Extension.Length])) File.Delete(manifest);
    }

    public void Dispose() => oneAtATime.Dispose();

    private static BackupFile Describe(FileInfo file)
    {
        var manifest = BackupManifest.ReadBeside(file.FullName);
        return new BackupFile(file.Name, file.Length, file.LastWriteTimeUtc, manifest?.SizeBytes == file.Length ? manifest : null);
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}\.db$")]
    private static partial Regex BackupName();
}
