namespace SessionStore.ServiceInterface.Storage;

/// <summary>Times are stored as Unix milliseconds: exact, sortable, and the same on every provider.</summary>
public static class UnixTime
{
    public static long Now(TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>A UTC <see cref="DateTime"/>, which JSON writes with a trailing Z.</summary>
    public static DateTime ToDateTime(long unixMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime;

    /// <summary>Unix milliseconds of a time from a request; a time without a zone is taken as UTC.</summary>
    public static long FromDateTime(DateTime time) =>
        new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime()).ToUnixTimeMilliseconds();
}
