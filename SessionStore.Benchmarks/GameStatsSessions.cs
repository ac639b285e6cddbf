using System.Security.Cryptography;
using SessionStore.ServiceInterface.Sessions;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.Benchmarks;

/// <summary>
/// A database of 1,000,000 ended sessions in 10 games, started evenly over the 90 days up to the moment of seeding:
/// about 72% completed (20 s to 20 min), the rest abandoned at a level from 1 to 10 (<see cref="SeededDatabase"/>).
/// </summary>
public static class GameStatsSessions
{
    public const int Count = 1_000_000;
    public const int Games = 10;
    public const int Days = 90;
    private const long Day = 86_400_000;

    public static string DataDirectory => SeededDatabase.DirectoryNamed("game-stats-million-v1");

    public static string DatabasePath => Path.Combine(DataDirectory, DatabaseFiles.DatabaseFileName);

    public static string Game(int index) => $"game-{index}";

    public static Task EnsureSeededAsync()
    {
        var random = new Random(17);
        return SeededDatabase.EnsureAsync(DataDirectory, Count, $"sessions of {Games} games", (i, now) =>
        {
            var startedAt = now - Days * Day + Days * Day * i / Count;
            var completed = random.NextDouble() < 0.72;
            var endedAt = startedAt + (completed ? random.Next(20_000, 1_200_000) : random.Next(1_000, 900_000));
            return new SessionRecord
            {
                Id = Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(startedAt)).ToString(),
                TokenHash = RandomNumberGenerator.GetBytes(32),
                Game = Game(random.Next(Games)),
                Status = completed ? SessionStatusText.Completed : SessionStatusText.Abandoned,
                Score = random.Next(0, 100_000),
                StartedAt = startedAt,
                LastSeenAt = endedAt,
                EndedAt = endedAt,
                Metadata = $$"""{"level":{{random.Next(1, 11)}}}""",
            };
        });
    }
}
