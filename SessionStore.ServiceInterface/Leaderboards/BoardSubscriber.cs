using System.Threading.Channels;

namespace SessionStore.ServiceInterface.Leaderboards;

/// <summary>
/// One open stream of a board: the newest message for it, waiting to be written. A newer message replaces one not yet
/// written, so a slow client gets the latest board, never a queue of old ones. No thread waits on it.
/// </summary>
public sealed class BoardSubscriber(string client, BoardStreams.BoardKey board, int take)
{
    private readonly Channel<byte[]> newest = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public string Client { get; } = client;
    public BoardStreams.BoardKey Board { get; } = board;
    public int Take { get; } = take;

    public void Offer(byte[] message) => newest.Writer.TryWrite(message);

    /// <summary>The newest message, or null when none came within <paramref name="quiet"/>.</summary>
    public async Task<byte[]?> NextAsync(TimeSpan quiet, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(quiet);
        try
        {
            return await newest.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
