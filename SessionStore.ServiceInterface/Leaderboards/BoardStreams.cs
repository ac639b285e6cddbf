using System.Text;
using System.Text.Json;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionStore.ServiceInterface.Storage;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>
/// Live boards for Server-Sent Events. Every poll interval, one query reads the version of each game that has subscribers
/// (every change to a game's boards counts one, in the transaction that made it, on any instance); a board whose game
/// changed, or whose period rolled over, is read once, and each group of subscribers whose top entries changed gets the
/// same message. Bursts of changes between two polls make one message. Subscribers wait without a thread each.
/// </summary>
public sealed class BoardStreams(IStorageProvider storage, TimeProvider time, IOptions<LeaderboardOptions> options, ILogger<BoardStreams> logger)
    : BackgroundService
{
    private const int GamesPerQuery = 500;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lock gate = new();
    private readonly Dictionary<BoardKey, Board> boards = [];
    private readonly Dictionary<string, int> perClient = [];
    private int open;

    public sealed record BoardKey(string Game, BoardPeriod Period);

    public enum Refusal { None, TooManyFromClient, TooMany }

    /// <summary>A board with subscribers, as last read.</summary>
    private sealed class Board
    {
        public HashSet<BoardSubscriber> Subscribers { get; } = [];
        public long? Version { get; set; }
        public long Bucket { get; set; }
        public IReadOnlyList<HighScore>? Top { get; set; }
    }

    public (BoardSubscriber? Subscriber, Refusal Refusal) Subscribe(string client, StreamHighScores request)
    {
        lock (gate)
        {
            if (open >= options.Value.MaxStreams) return (null, Refusal.TooMany);
            var fromClient = perClient.GetValueOrDefault(client);
            if (fromClient >= options.Value.StreamsPerClient) return (null, Refusal.TooManyFromClient);
            var key = new BoardKey(request.Game, request.Period);
            var subscriber = new BoardSubscriber(client, key, request.Take);
            if (!boards.TryGetValue(key, out var board)) boards[key] = board = new Board();
            board.Subscribers.Add(subscriber);
            perClient[client] = fromClient + 1;
            open++;
            return (subscriber, Refusal.None);
        }
    }

    public void Unsubscribe(BoardSubscriber subscriber)
    {
        lock (gate)
        {
            if (!boards.TryGetValue(subscriber.Board, out var board) || !board.Subscribers.Remove(subscriber)) return;
            if (board.Subscribers.Count == 0) boards.Remove(subscriber.Board);
            if (--perClient[subscriber.Client] == 0) perClient.Remove(subscriber.Client);
            open--;
        }
    }

    /// <summary>The board's message as it stands now, read for one new subscriber.</summary>
    public async Task<byte[]> CurrentAsync(BoardKey key, int take, CancellationToken cancellationToken)
    {
        await using var db = storage.OpenReader();
        var bucket = Periods.BucketOf(key.Period, UnixTime.Now(time));
        return Message(key, bucket, await TopAsync(db, key, bucket, take, cancellationToken));
    }

    /// <summary>A board event: the top entries as a <see cref="HighScoresResponse"/>, on one data line.</summary>
    public static byte[] Message(BoardKey key, long bucket, IReadOnlyList<HighScore> top)
    {
        var (from, to) = Periods.Window(key.Period, bucket);
        var json = JsonSerializer.Serialize(new HighScoresResponse(key.Game, key.Period, from, to, top, Cursor: null), Json);
        return Encoding.UTF8.GetBytes($"event: board\ndata: {json}\n\n");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.StreamPollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Live boards were not checked for changes this time: {Reason}", storage.DescribeFault(e) ?? e.Message);
            }
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        List<(BoardKey Key, Board Board)> watched;
        lock (gate) watched = [.. boards.Select(b => (b.Key, b.Value))];
        if (watched.Count == 0) return;
        await using var db = storage.OpenReader();
        var versions = new Dictionary<string, long>();
        foreach (var games in watched.Select(w => w.Key.Game).Distinct().Chunk(GamesPerQuery))
            foreach (var game in await db.Games.Where(g => games.Contains(g.Game)).Select(g => new { g.Game, g.Version }).ToListAsync(cancellationToken))
                versions[game.Game] = game.Version;
        var now = UnixTime.Now(time);
        foreach (var (key, board) in watched)
        {
            var version = versions.GetValueOrDefault(key.Game);
            var bucket = Periods.BucketOf(key.Period, now);
            if (board.Version == version && board.Bucket == bucket) continue;
            var top = await TopAsync(db, key, bucket, Limits.MaxHighScoresTake, cancellationToken);
            List<BoardSubscriber> subscribers;
            lock (gate) subscribers = [.. board.Subscribers];
            var before = board.Bucket == bucket ? board.Top : null;
            (board.Version, board.Bucket, board.Top) = (version, bucket, top);
            foreach (var sameTake in subscribers.GroupBy(s => s.Take))
            {
                var slice = top.Take(sameTake.Key).ToList();
                if (before is not null && before.Take(sameTake.Key).SequenceEqual(slice)) continue;
                var message = Message(key, bucket, slice);
                foreach (var subscriber in sameTake) subscriber.Offer(message);
            }
        }
    }

    private static async Task<IReadOnlyList<HighScore>> TopAsync(SessionStoreDb db, BoardKey key, long bucket, int take, CancellationToken cancellationToken) =>
        [.. (await Boards.PageAsync(db, Boards.Rows(db, key.Game, key.Period, bucket), after: null, skip: 0, take, cancellationToken))
            .Select((entry, index) => entry.ToHighScore(index + 1))];
}
