namespace SessionStore.ServiceInterface.Storage.Recovery;

/// <summary>The verdict of <see cref="DatabaseInspector"/>. <see cref="Finished"/> is false when quick_check ran out of time.</summary>
public sealed record DatabaseInspection(DamageKind Kind, string? Problem, bool Finished)
{
    public static readonly DatabaseInspection Sound = new(DamageKind.None, null, true);
    public static readonly DatabaseInspection Unfinished = new(DamageKind.None, null, false);
    public static DatabaseInspection Damaged(string problem) => new(DamageKind.Database, problem, true);
}
