namespace SessionStore.ServiceInterface.Http;

/// <summary>Whether forwarded headers are trusted at all, derived from <c>ForwardedHeaders</c>.</summary>
public sealed class ClientAddressOptions
{
    public bool TrustForwardedHeaders { get; set; }
}
