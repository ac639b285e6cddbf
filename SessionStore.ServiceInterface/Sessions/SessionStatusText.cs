namespace SessionStore.ServiceInterface.Sessions;

/// <summary>How a <see cref="SessionStatus"/> is spelled in the <c>status</c> column: the one mapping between the two.</summary>
public static class SessionStatusText
{
    public const string Active = "active";
    public const string Completed = "completed";
    public const string Abandoned = "abandoned";

    public static string Of(SessionStatus status) => status switch
    {
        SessionStatus.Active => Active,
        SessionStatus.Completed => Completed,
        SessionStatus.Abandoned => Abandoned,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static SessionStatus Parse(string text) => text switch
    {
        Active => SessionStatus.Active,
        Completed => SessionStatus.Completed,
        Abandoned => SessionStatus.Abandoned,
        _ => throw new InvalidDataException($"Unknown session status '{text}' in the database."),
    };
}
