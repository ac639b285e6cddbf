namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>An admin change that cannot be made as asked (no such entry, already hidden); its write changes nothing.</summary>
public sealed class ModerationRefusedException(int status, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public static ModerationRefusedException NotFound(string detail) => new(StatusCodes.Status404NotFound, detail);

    public static ModerationRefusedException Conflict(string detail) => new(StatusCodes.Status409Conflict, detail);
}
