using System.Globalization;
using System.Text;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>
/// Where a page of a board ended: its last row's place in the ranking order, and which board it was. The next page starts
/// after it, however the board changed meanwhile. Opaque to clients (base64url text).
/// </summary>
public sealed record BoardCursor(int Period, long Bucket, long SortKey, long AchievedAt, string SessionId)
{
    private const string Version = "1";

    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes(
            string.Join('|', Version, Period.ToString(CultureInfo.InvariantCulture), Bucket.ToString(CultureInfo.InvariantCulture),
                SortKey.ToString(CultureInfo.InvariantCulture), AchievedAt.ToString(CultureInfo.InvariantCulture), SessionId)))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The cursor, or null if <paramref name="text"/> is not one this service wrote.</summary>
    public static BoardCursor? Decode(string text)
    {
        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='))).Split('|');
            return parts is [Version, var period, var bucket, var sortKey, var achievedAt, var sessionId]
                   && int.TryParse(period, NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                   && long.TryParse(bucket, NumberStyles.None, CultureInfo.InvariantCulture, out var b)
                   && long.TryParse(sortKey, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var k)
                   && long.TryParse(achievedAt, NumberStyles.None, CultureInfo.InvariantCulture, out var a)
                   && Guid.TryParseExact(sessionId, "D", out _)
                ? new BoardCursor(p, b, k, a, sessionId)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
