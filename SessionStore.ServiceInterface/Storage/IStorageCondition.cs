namespace SessionStore.ServiceInterface.Storage;

/// <summary>
/// One thing about storage that can make readiness Degraded while the service still serves: damage in the live file that
/// is not repaired, copies that fail to leave the host, no backup proven restorable for too long. Health asks each one
/// registered; the storage report lists their details. Each answers from what it already knows, without I/O.
/// </summary>
public interface IStorageCondition
{
    /// <summary>Null while all is well.</summary>
    StorageConcern? Current();
}

public static class StorageConditions
{
    /// <summary>Every reason readiness is not Healthy right now, the worst first.</summary>
    public static IReadOnlyList<StorageConcern> Concerns(this IEnumerable<IStorageCondition> conditions) =>
        [.. conditions.Select(condition => condition.Current()).OfType<StorageConcern>().OrderByDescending(concern => concern.Status)];
}
