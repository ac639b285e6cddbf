namespace SessionStore.ServiceInterface.Http;

/// <summary>
/// Endpoint metadata saying that a request is about one session, named by a route value, and where an endpoint that
/// creates a session records it. This is how the edge (the request log) learns which session a request concerns without
/// knowing the sessions feature's routes or reading its responses. (A session's write limit is the sessions feature's own,
/// on the id its route parsed: see <see cref="Sessions.SessionWriteGate"/>.)
/// </summary>
public sealed class SessionScope(string routeValue)
{
    private readonly string routeValue = routeValue;

    /// <summary>The session id as the request's route spells it; null when the request names none.</summary>
    public static string? RouteKeyOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<SessionScope>() is { } scope ? context.Request.RouteValues[scope.routeValue] as string : null;

    /// <summary>Records that the request created this session.</summary>
    public static void Created(HttpContext context, Guid id) => context.Features.Set(new CreatedSession(id));

    /// <summary>The session the request created, if it did.</summary>
    public static Guid? CreatedBy(HttpContext context) => context.Features.Get<CreatedSession>()?.Id;

    private sealed record CreatedSession(Guid Id);
}
