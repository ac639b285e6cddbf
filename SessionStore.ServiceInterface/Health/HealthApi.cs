using System.Data.Common;
using Microsoft.Extensions.Logging;
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
            .LimitedBy(RateLimits.HealthPolicy)
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
            .WithDescription("200 when the database is open and migrated: Healthy, or Degraded while a recovery no operator has acknowledged " +
                             "yet stands, damage found while running is not repaired, backups fail to leave the host or no recent backup is proven " +
                             "restorable (the details are in the admin storage report). 503 otherwise, also while damage is being recovered online. " +
                             "Each answer gives one short reason.")
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static Ok<HealthResponse> Live() =>
        TypedResults.Ok(new HealthResponse(HealthStatus.Healthy, "The process is running."));

    // Anyone may ask, so the answer is a status and a short reason: no paths and no raw errors, which go to the log and the
    // admin storage report (GET /api/admin/storage).
    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> Ready(
        StorageStatus status, IStorageProvider storage, RecoveryJournal recoveries, IEnumerable<IStorageCondition> conditions,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!status.IsReady) return NotReady(status.Description);
        try
        {
            await using var db = storage.OpenReader();
            await db.OpenDbConnectionAsync(cancellationToken);
        }
        catch (DbException e)
        {
            loggers.CreateLogger(typeof(HealthApi)).LogWarning("Not ready: the database cannot be read: {Reason}", e.Message);
            return NotReady("The database cannot be read.");
        }
        // The storage's own concerns first: damage still in the live file outranks any event, acknowledged or not.
        if (conditions.Concerns() is [var worst, ..] concerns)
            return TypedResults.Ok(new HealthResponse(worst.Status, More(worst.Reason, concerns.Count - 1)));
        if (recoveries.Unacknowledged() is [var newest, ..])
            return TypedResults.Ok(new HealthResponse(HealthStatus.Degraded, newest.RecoveryPath == RecoveryPath.RestartPending
                ? "Damage was found in the database: restart the service to recover it."
                : "The database was recovered from damage, and no operator has acknowledged it yet."));
        return TypedResults.Ok(new HealthResponse(HealthStatus.Healthy, status.Description));
    }

    private static string More(string reason, int others) =>
        others == 0 ? reason : $"{reason} ({others} more concern{(others == 1 ? "" : "s")} in the admin storage report.)";

    private static JsonHttpResult<HealthResponse> NotReady(string why) =>
        TypedResults.Json(new HealthResponse(HealthStatus.Unhealthy, why), statusCode: StatusCodes.Status503ServiceUnavailable);
}
