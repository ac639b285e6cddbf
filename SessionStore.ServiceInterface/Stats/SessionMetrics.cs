using System.Diagnostics.Metrics;
using System.Data.Common;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Stats;

/// <summary>The sessions meter: active sessions, read from the counters row when metrics are collected.</summary>
public sealed class SessionMetrics
{
    public const string MeterName = "SessionStore.Sessions";

    public SessionMetrics(IMeterFactory meters, DatabaseConnections database, StorageStatus status)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("active", () => ActiveSessions(database, status), "{session}",
            "Sessions started and not yet completed or abandoned.");
    }

    /// <summary>One read of a one-row table per scrape; nothing while the database is not open.</summary>
    private static IEnumerable<Measurement<long>> ActiveSessions(DatabaseConnections database, StorageStatus status)
    {
        if (!status.IsReady) return [];
        try
        {
            using var db = database.OpenReader();
            return [new Measurement<long>(db.SessionTotals.Select(t => t.Active).FirstOrDefault())];
        }
        catch (DbException)
        {
            return []; // the readiness check reports why; a scrape still shows every other metric
        }
    }
}
