using System.Diagnostics.CodeAnalysis;

namespace SessionStore.ServiceInterface.Http;

/// <summary>Reads <c>Authorization: Bearer {token}</c>.</summary>
public static class BearerToken
{
    public const string Scheme = "Bearer";

    public static bool TryRead(HttpRequest request, [NotNullWhen(true)] out string? token)
    {
        token = null;
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme + " ", StringComparison.OrdinalIgnoreCase)) return false;
        var value = header[(Scheme.Length + 1)..].Trim();
        if (value.Length == 0) return false;
        token = value;
        return true;
    }
}
