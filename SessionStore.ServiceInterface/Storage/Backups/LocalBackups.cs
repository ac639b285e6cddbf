using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using SessionStore.ServiceInterface.Storage.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SessionStore.ServiceInterface.Storage.Backups;

/// <summary>
/// Consistent online backups in <c>backups/</c>. A backup is <c>VACUUM INTO</c> on its own read-only
/// connection: it reads one snapshot while the writer keeps committing (WAL), then the copy is checked
/// with <c>PRAGMA integrity_check</c> before it gets its final name. Files an operator puts in
/// <c>backups/</c> are listed (not verified) and never deleted; only the service's own are rotated.
/// SQLite mode only: a PostgreSQL server is backed up with its own tools (<see cref="NotInThisMode"/>).
/// </summary>
public sealed partial class LocalBackups(
    DatabaseFiles files,
    StorageStatus status,
    IOptions<StorageOptions> storage,
    IOptions<BackupOptions> options,
    TimeProvider time,
    ILogger<LocalBackups> logger) : IDisposable
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

    /// <summary>Every backup in backups/, newest first; none in PostgreSQL mode.</summary>
    public IReadOnlyList<BackupInfo> List()
    {
        if (!Available || !Directory.Exists(files.BackupsDirectory)) return [];
        return [.. new DirectoryInfo(files.BackupsDirectory).EnumerateFiles("*" + Extension)
            .Where(file => IsValidName(file.Name))
            .Select(Describe)
            .OrderByDescending(backup => backup.CreatedAt)
            .ThenByDescending(backup => backup.Name, StringComparer.Ordinal)];
    }

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

    /// <summary>Takes a backup now, verifies it and rotates the old ones. One backup runs at a time.</summary>
    /// <exception cref="StorageUnavailableException">The backup could not be written or did not verify; nothing was kept.</exception>
    public async Task<BackupInfo> CreateAsync(CancellationToken cancellationToken)
    {
        await oneAtATime.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => Create(cancellationToken), cancellationToken);
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    private BackupInfo Create(CancellationToken cancellationToken)
    {
        var name = OwnPrefix + time.GetUtcNow().UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture) + Extension;
        var path = Path.Combine(files.BackupsDirectory, name);
        var partial = path + PartialExtension;
        try
        {
            Directory.CreateDirectory(files.BackupsDirectory);
            Snapshot(partial, cancellationToken);
            if (Verify(partial) is { } problem)
                throw new StorageUnavailableException($"The backup {name} failed verification ({problem}) and was discarded.");
            File.Move(partial, path, overwrite: false);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"The backup {name} could not be written: {SqliteFaults.Describe(e) ?? e.Message}", e);
        }
        finally
        {
            File.Delete(partial);
        }
        var backup = Describe(new FileInfo(path));
        logger.LogInformation("Backup {Name} written to {Directory} ({Size} bytes) and verified.", name, files.BackupsDirectory, backup.SizeBytes);
        DeleteBeyondKeep();
        return backup;
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

    private string? Verify(string path)
    {
        if (SqliteFile.IntegrityProblem(path) is { } problem) return problem;
        using var connection = SqliteFile.Open(path, SqliteOpenMode.ReadOnly);
        var version = SqliteFile.SchemaVersion(connection);
        return version == status.SchemaVersion ? null : $"schema version {version} where the database has {status.SchemaVersion}";
    }

    private void DeleteBeyondKeep()
    {
        foreach (var old in List().Where(backup => IsOwn(backup.Name)).Skip(options.Value.Keep))
        {
            try
            {
                File.Delete(Path.Combine(files.BackupsDirectory, old.Name));
                logger.LogInformation("Backup {Name} deleted: Backup__Keep is {Keep}.", old.Name, options.Value.Keep);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("The old backup {Name} could not be deleted: {Reason}", old.Name, e.Message);
            }
        }
    }

    public void Dispose() => oneAtATime.Dispose();

    private static BackupInfo Describe(FileInfo file)
    {
        var own = OwnTimestamp(file.Name);
        return new BackupInfo(file.Name, file.Length, own ?? file.LastWriteTimeUtc, Verified: own is not null);
    }

    private static bool IsOwn(string name) => OwnTimestamp(name) is not null;

    /// <summary>When the service took one of its own backups, read from its name; null for any other file.</summary>
    private static DateTime? OwnTimestamp(string name) =>
        name.StartsWith(OwnPrefix, StringComparison.Ordinal) && name.EndsWith(Extension, StringComparison.Ordinal) &&
        DateTime.TryParseExact(name[OwnPrefix.Length..^Extension.Length], TimestampFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}\.db$")]
    private static partial Regex BackupName();
}
