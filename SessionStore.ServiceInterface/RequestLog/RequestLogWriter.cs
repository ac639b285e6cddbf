using System.Globalization;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.Storage;
using SessionStore.ServiceInterface.Storage.RequestLog;

namespace SessionStore.ServiceInterface.RequestLog;

/// <summary>
/// Writes the queued requests to logs.db once per <see cref="RequestLogOptions.FlushInterval"/>, in one
/// transaction with the retention, on its own thread and its own file. Hashing the client address happens
/// here, off the request path. If logs.db cannot be used the service runs on without a request log.
/// </summary>
public sealed class RequestLogWriter(
    RequestLogBuffer queue,
    RequestLogStore store,
    IOptions<RequestLogOptions> options,
    TimeProvider time,
    ILogger<RequestLogWriter> logger) : BackgroundService
{
    private const int MaxBatch = 10_000;
    private const long MillisecondsPerDay = 24 * 60 * 60 * 1000L;
    private byte[]? salt;
    private bool failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        await Task.Yield();
        TryOpen();
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                // Let a batch gather: one transaction a second costs less than one per request.
                await Task.Delay(options.Value.FlushInterval, stoppingToken);
                Flush();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is queued is written below.
        }
        Flush();
        store.Close();
    }

    private void Flush()
    {
        while (salt is not null || TryOpen())
        {
            var rows = new List<RequestLogRow>();
            while (rows.Count < MaxBatch && queue.Reader.TryRead(out var entry)) rows.Add(ToRow(entry));
            if (rows.Count == 0) return;
            try
            {
                store.Write(rows, keepFrom: UnixTime.Now(time) - options.Value.Days * MillisecondsPerDay, options.Value.MaxRows);
                if (failing) logger.LogInformation("The request log {Path} is written again.", store.FilePath);
                failing = false;
            }
            catch (SqliteException e)
            {
                // A full disk or a damaged file loses these entries, never the service; reopening moves a damaged file aside.
                Failed($"{rows.Count} requests could not be written", e);
                return;
            }
        }
    }

    /// <summary>Opens logs.db; while it cannot be, requests go unlogged and it is tried again at the next flush.</summary>
    private bool TryOpen()
    {
        try
        {
            salt = store.Open();
            return true;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            Failed("It cannot be opened", e);
            return false;
        }
    }

    private void Failed(string what, Exception e)
    {
        if (!failing)
            logger.LogWarning("Request log {Path}: {What} ({Reason}); requests go unlogged until it works again.", store.FilePath, what, e.Message);
        failing = true;
        salt = null;
        store.Close();
    }

    private RequestLogRow ToRow(RequestLogEntry entry) => new(
        entry.At, entry.Method, entry.Route, entry.Status, Math.Round(entry.DurationMs, 3), HashOf(entry.Client), SessionIdOf(entry));

    /// <summary>The same address gives the same 16 hex digits in this log; without the salt (in logs.db) they do not lead back to it.</summary>
    private string HashOf(IPAddress? client) => SaltedHash.Of(salt!, ClientAddress.TextOf(client));

    /// <summary>The session the route names, when it is an id, or the one the request created.</summary>
    private static string? SessionIdOf(RequestLogEntry entry) =>
        (Guid.TryParse(entry.SessionKey, CultureInfo.InvariantCulture, out var id) ? id : entry.CreatedSession)?.ToString();
}
