using System.Data.Common;
using System.Text.Json;
using SessionStore.ServiceInterface.Http;
using SessionStore.ServiceInterface.Storage;
using SessionStore.ServiceInterface.Storage.Recovery;

namespace SessionStore.ServiceInterface.Health;

/// <summary>Health probes for orchestrators and load balancers.</summary>
public static class HealthApi
{
    public const string Tag = "Health";

    public static RouteGroupBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        // The probes take no input, so their one client error is the host's: a Host header that AllowedHosts does not list.
        var group = routes.MapGroup("").WithApiTag(Tag, "Liveness and readiness probes for orchestrators and load balancers.")
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(string), ["text/html"])
            {
                Description = "The Host header is not one of AllowedHosts (when that setting lists hosts; its default * allows any): " +
                              "host filtering answers with an HTML page before the probe runs.",
            });
        group.MapRequest<GetLiveness>(Live)
            .WithSummary("Is the process running")
            .WithDescription("200 while the process runs. Restart the service only if this fails.");
        group.MapRequest<GetReadiness>(Ready)
            .WithSummary("Can the service take requests")
            .WithDescription("200 when the database is open and migrated: Healthy, or Degraded with the recovery events no operator has " +
                             "acknowledged yet (POST /api/admin/recovery/acknowledge), or with a storage concern: damage found while running and not repaired, " +
                             "backups failing to leave the host, no recent backup proven restorable (details in GET /api/admin/storage). " +
                             "503 with the reason otherwise, also while damage is being recovered online.")
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static Ok<HealthResponse> Live() =>
        TypedResults.Ok(new HealthResponse(HealthStatus.Healthy, "The process is running."));

    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> Ready(
        StorageStatus status, IStorageProvider storage, RecoveryJournal recoveries, IEnumerable<IStorageCondition> conditions, CancellationToken cancellationToken)
    {
        if (!status.IsReady) return NotReady(status.Description);
        try
        {
            await using var db = storage.OpenReader();
            await db.OpenDbConnectionAsync(cancellationToken);
        }
        catch (DbException e)
        {
            return NotReady($"The database cannot be read: {e.Message}");
        }
        var unacknowledged = recoveries.Unacknowledged();
        // The storage's own concerns first: damage still in the live file outranks any event, acknowledged or not.
        if (conditions.Concerns() is [var worst, ..] concerns)
            return TypedResults.Ok(new HealthResponse(worst.Status, More(worst.Reason, concerns.Count - 1), status.SchemaVersion,
                unacknowledged.Count > 0 ? unacknowledged : null));
        if (unacknowledged is [var newest, ..])
            return TypedResults.Ok(new HealthResponse(HealthStatus.Degraded, Describe(newest, unacknowledged.Count - 1), status.SchemaVersion, unacknowledged));
        return TypedResults.Ok(new HealthResponse(HealthStatus.Healthy, status.Description, status.SchemaVersion));
    }

    private static string Describe(RecoveryEvent newest, int earlier)
    {
        var more = earlier > 0 ? $" ({earlier} earlier recovery events are not acknowledged either.)" : "";
        if (newest.RecoveryPath == RecoveryPath.RestartPending)
            return $"Damage was found in the database at {newest.At:u}: {newest.Problem}. Restart the service to quarantine the file and recover.{more}";
        return $"The database was recovered at {newest.At:u} ({JsonSerializer.Serialize(newest.RecoveryPath).Trim('"')}): {newest.Problem}. The damaged files are in {newest.QuarantinedTo}. " +
               $"Acknowledge with POST /api/admin/recovery/acknowledge.{more}";
    }

    private static string More(string reason, int others) =>
        others == 0 ? reason : $"{reason} ({others} more concern{(others == 1 ? "" : "s")}; GET /api/admin/storage lists them.)";

    private static JsonHttpResult<HealthResponse> NotReady(string why) =>
        TypedResults.Json(new HealthResponse(HealthStatus.Unhealthy, why), statusCode: StatusCodes.Status503ServiceUnavailable);
}
