using System.Security.Cryptography;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Sessions;

/// <summary>A session row the API can serve: every value of the type it is stored as, and readable as a <see cref="Session"/>.</summary>
internal sealed class ServableSessions : IServableRows
{
    public string Table => SessionRecord.TableName;

    public bool CanServe(IReadOnlyDictionary<string, object?> row)
    {
        if (row.GetValueOrDefault("id") is not string id || row.GetValueOrDefault("token_hash") is not byte[] { Length: SHA256.HashSizeInBytes } tokenHash ||
            row.GetValueOrDefault("game") is not string game || row.GetValueOrDefault("status") is not string status ||
            row.GetValueOrDefault("started_at") is not long startedAt || row.GetValueOrDefault("last_seen_at") is not long lastSeenAt ||
            row.GetValueOrDefault("player_name") is not (null or string) || row.GetValueOrDefault("score") is not (null or long) ||
            row.GetValueOrDefault("ended_at") is not (null or long) || row.GetValueOrDefault("metadata") is not (null or string))
            return false;
        var session = new SessionRecord
        {
            Id = id,
            TokenHash = tokenHash,
            PlayerName = (string?)row.GetValueOrDefault("player_name"),
            Game = game,
            Status = status,
            Score = (long?)row.GetValueOrDefault("score"),
            StartedAt = startedAt,
            LastSeenAt = lastSeenAt,
            EndedAt = (long?)row.GetValueOrDefault("ended_at"),
            Metadata = (string?)row.GetValueOrDefault("metadata"),
        };
        try
        {
            session.ToSession();
            return session.IsActive == session.EndedAt is null;
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return false;
        }
    }
}
