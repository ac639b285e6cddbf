using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SessionStore.ServiceInterface.Sessions;

/// <summary>
/// The bearer token that authorizes writes to one session: 256 random bits, shown to the client once.
/// Only its SHA-256 is stored; with that much entropy a fast hash is enough.
/// </summary>
public static class SessionToken
{
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>
    /// Whether a presented token's hash opens a session with <paramref name="storedHash"/> (null: there is no such session).
    /// Constant-time, so response timing tells nothing about a stored hash.
    /// </summary>
    public static SessionWriteRefusal Check(byte[] presentedHash, byte[]? storedHash) =>
        storedHash is null ? SessionWriteRefusal.NotFound
        : CryptographicOperations.FixedTimeEquals(presentedHash, storedHash) ? SessionWriteRefusal.None
        : SessionWriteRefusal.WrongToken;
}
