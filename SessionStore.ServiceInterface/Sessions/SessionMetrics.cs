using System.Data.Common;
using System.Diagnostics.Metrics;
using SessionStore.ServiceInterface.Metrics;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Sessions;

/// <summary>The sessions meter: active sessions, read from the totals row when metrics are collected.</summary>
public sealed class SessionMetrics : IMetricsSource
{
    public const string MeterName = "SessionStore.Sessions";

    public SessionMetrics(IMeterFactory meters, IStorageProvider storage, StorageStatus status)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("active", () => ActiveSessions(storage, status), "{session}",
            "Sessions started and not yet completed or abandoned.");
    }

    /// <summary>One read of a one-row table per scrape; nothing while the database is not open.</summary>
    private static IEnumerable<Measurement<long>> ActiveSessions(IStorageProvider storage, StorageStatus status)
    {
        if (!status.IsReady) return [];
        try
        {
            using var db = storage.OpenReader();
            return [new Measurement<long>(db.SessionTotals.Select(t => t.Active).FirstOrDefault())];
        }
        catch (DbException)
        {
            return []; // the readiness check reports why; a scrape still shows every other metric
        }
    }
}
