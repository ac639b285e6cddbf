namespace SessionStore.ServiceModel;

/// <summary>One minute's requests, of which <c>ClientErrors</c> were answered 4xx and <c>ServerErrors</c> 5xx.</summary>
public sealed record RequestMinute(DateTime Minute, long Requests, long ClientErrors, long ServerErrors);
