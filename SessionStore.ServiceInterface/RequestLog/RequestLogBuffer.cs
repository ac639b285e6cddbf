using System.Diagnostics.Metrics;
using System.Threading.Channels;

namespace SessionStore.ServiceInterface.RequestLog;

/// <summary>
/// The queue between requests and <see cref="RequestLogWriter"/>. Bounded: if the writer falls behind (a slow
/// disk), requests are not held up and the newest entries are dropped and counted instead.
/// </summary>
public sealed class RequestLogBuffer
{
    public const int Capacity = 50_000;
    public const string MeterName = "SessionStore.RequestLog";

    private readonly Channel<RequestLogEntry> channel;

    public RequestLogBuffer(IMeterFactory meters)
    {
        var dropped = meters.Create(MeterName).CreateCounter<long>("dropped", "{request}",
            "Requests not logged because the log's queue was full.");
        channel = Channel.CreateBounded<RequestLogEntry>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => dropped.Add(1));
    }

    public ChannelReader<RequestLogEntry> Reader => channel.Reader;

    public void Add(RequestLogEntry entry) => channel.Writer.TryWrite(entry);
}
