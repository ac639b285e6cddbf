using System.Buffers.Binary;
using System.Buffers.Text;

namespace SessionStore.ServiceInterface.Sessions;

/// <summary>
/// Where a session listing goes on (QuerySessions' <c>next</c> and <c>after</c>): the start time and id of the last session on a
/// page, since the listing is ordered by both, newest first. Opaque to clients: base64url of a format byte, the time and the id.
/// A cursor a client made up only moves the listing; one that does not decode is refused.
/// </summary>
public readonly record struct SessionCursor(long StartedAt, Guid Id)
{
    private const byte Format = 1;
    private const int Length = 1 + sizeof(long) + 16;

    public static SessionCursor After(SessionRecord session) => new(session.StartedAt, Guid.Parse(session.Id));

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = Format;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], StartedAt);
        Id.TryWriteBytes(bytes[(1 + sizeof(long))..], bigEndian: true, out _);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryParse(string text, out SessionCursor cursor)
    {
        cursor = default;
        Span<byte> bytes = stackalloc byte[Length];
        if (text.Length != Base64Url.GetEncodedLength(Length)
            || !Base64Url.TryDecodeFromChars(text, bytes, out var written) || written != Length || bytes[0] != Format)
            return false;
        cursor = new SessionCursor(BinaryPrimitives.ReadInt64BigEndian(bytes[1..]), new Guid(bytes[(1 + sizeof(long))..], bigEndian: true));
        return true;
    }
}
