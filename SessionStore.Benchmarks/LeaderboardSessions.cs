using System.Security.Cryptography;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.Benchmarks;

/// <summary>
/// A database of 1,000,000 completed sessions of one game by 100,000 players (each with a player id), ended over the
/// year up to the moment of seeding, written once in bulk through the storage layer and kept in $SESSIONSTORE_BENCH_DATA
/// for later runs (<see cref="SeededDatabase"/>). The entries and boards are derived from them as a recovery derives them, so the game's boards are
/// those of a million completions: 100,000 rows all time, and a day's, a week's and a month's worth per period.
/// </summary>
public static class LeaderboardSessions
{
    public const int Count = 1_000_000;
    public const int Players = 100_000;
    public const string Game = "arena";
    private const long Year = 365L * 24 * 60 * 60 * 1000;

    public static string DataDirectory => SeededDatabase.DirectoryNamed("leaderboard-million-v1");

    public static string DatabasePath => Path.Combine(DataDirectory, DatabaseFiles.DatabaseFileName);

    public static string PlayerId(int player) => $"player-{player:D6}";

    /// <summary>Seeds the database if it is not there yet (<see cref="SeededDatabase"/>).</summary>
    public static Task EnsureSeededAsync()
    {
        var random = new Random(16);
        return SeededDatabase.EnsureAsync(DataDirectory, Count, "completed sessions of one game", (i, now) =>
        {
            var endedAt = now - Year + Year * i / Count;
            var startedAt = endedAt - random.Next(30_000, 1_800_000);
            var player = random.Next(Players);
            return new SessionRecord
            {
                Id = Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(startedAt)).ToString(),
                TokenHash = RandomNumberGenerator.GetBytes(32),
                PlayerName = $"Player {player}",
                PlayerId = PlayerId(player),
                Game = Game,
                Status = SessionStatusText.Completed,
                Score = random.Next(0, 10_000_000),
                StartedAt = startedAt,
                LastSeenAt = endedAt,
                EndedAt = endedAt,
            };
        });
    }
}
