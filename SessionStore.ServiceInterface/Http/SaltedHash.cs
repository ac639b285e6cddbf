using System.Security.Cryptography;
using System.Text;

namespace SessionStore.ServiceInterface.Http;

/// <summary>The same text gives the same 16 hex digits under one salt; without the salt they do not lead back to it.</summary>
public static class SaltedHash
{
    public static string Of(byte[] salt, string text) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
}
