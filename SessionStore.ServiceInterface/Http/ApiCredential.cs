namespace SessionStore.ServiceInterface.Http;

/// <summary>Endpoint metadata naming the credential an endpoint needs; the OpenAPI document shows it as a security requirement.</summary>
public sealed record ApiCredential(string SchemeName)
{
    /// <summary>The session's write token, sent as <c>Authorization: Bearer {token}</c>.</summary>
    public static readonly ApiCredential SessionToken = new("SessionToken");

    /// <summary>The operator's key, sent as <c>X-Admin-Key</c>.</summary>
    public static readonly ApiCredential AdminKey = new("AdminKey");
}
