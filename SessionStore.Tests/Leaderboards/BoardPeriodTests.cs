using SessionStore.ServiceInterface.Storage;

namespace SessionStore.Tests.Leaderboards;

/// <summary>Boards per UTC day, ISO week (from Monday) and month, read now or at a past time; nothing is deleted when a period ends.</summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.PostgreSql)]
public sealed class BoardPeriodTests(StorageProvider provider)
{
    private static readonly DateTimeOffset SaturdayLastMinuteOfFebruary = new(2026, 2, 28, 23, 58, 0, TimeSpan.Zero);
    private static DateTime Utc(int month, int day, int hour = 0) => new(2026, month, day, hour, 0, 0, DateTimeKind.Utc);

    [Test]
    public async Task Each_period_holds_the_entries_of_its_window_and_past_periods_stay_readable()
    {
        const string game = "periods";
        await using var service = await LeaderboardService.StartAsync(provider, SaturdayLastMinuteOfFebruary);
        await service.PlayAsync(game, "Sat", 10);                                 // Saturday 28 February, 23:58:01
        service.Clock.Advance(TimeSpan.FromMinutes(2));
        await service.PlayAsync(game, "Sun", 5);                                  // Sunday 1 March: a new day and month, the same ISO week
        service.Clock.Advance(TimeSpan.FromDays(1));
        await service.PlayAsync(game, "Mon", 1);                                  // Monday 2 March: a new week

        Assert.Multiple(async () =>
        {
            Assert.That(await service.BoardAsync(game, BoardPeriod.Day), Is.EqualTo(new[] { ("Mon", 1L) }));
            Assert.That(await service.BoardAsync(game, BoardPeriod.Week), Is.EqualTo(new[] { ("Mon", 1L) }));
            Assert.That(await service.BoardAsync(game, BoardPeriod.Month), Is.EqualTo(new[] { ("Sun", 5L), ("Mon", 1L) }));
            Assert.That(await service.BoardAsync(game), Is.EqualTo(new[] { ("Sat", 10L), ("Sun", 5L), ("Mon", 1L) }));
            Assert.That(await service.BoardAsync(game, BoardPeriod.Day, Utc(3, 1, 12)), Is.EqualTo(new[] { ("Sun", 5L) }));
            Assert.That(await service.BoardAsync(game, BoardPeriod.Week, Utc(3, 1, 12)), Is.EqualTo(new[] { ("Sat", 10L), ("Sun", 5L) }));
            Assert.That(await service.BoardAsync(game, BoardPeriod.Month, Utc(2, 10)), Is.EqualTo(new[] { ("Sat", 10L) }));
            Assert.That(await service.BoardAsync(game, BoardPeriod.Week, Utc(1, 1)), Is.Empty);
        });
    }

    [Test]
    public async Task A_board_names_its_periods_window_in_UTC()
    {
        await using var service = await LeaderboardService.StartAsync(provider, SaturdayLastMinuteOfFebruary);

        async Task<(DateTime?, DateTime?)> Window(BoardPeriod period)
        {
            var board = await service.Client.GetHighScoresAsync(new GetHighScores(Game: "windows", Period: period));
            return (board.From, board.To);
        }

        Assert.That(await Window(BoardPeriod.Day), Is.EqualTo((Utc(2, 28), Utc(3, 1))));
        Assert.That(await Window(BoardPeriod.Week), Is.EqualTo((Utc(2, 23), Utc(3, 2))), "Monday to Monday");
        Assert.That(await Window(BoardPeriod.Month), Is.EqualTo((Utc(2, 1), Utc(3, 1))));
        Assert.That(await Window(BoardPeriod.AllTime), Is.EqualTo(((DateTime?)null, (DateTime?)null)));
    }
}
