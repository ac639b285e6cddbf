using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SessionStore.ServiceInterface.Admin.DatabaseBrowser;
using SessionStore.ServiceInterface.Storage;
using SessionStore.ServiceInterface.Storage.Browsing;

namespace SessionStore.Benchmarks;

/// <summary>
/// Exports all 1,000,000 sessions as CSV and as JSON (what GET /api/admin/tables/sessions/export writes) and
/// reports the time and the highest managed heap and working set seen meanwhile: flat memory is the point.
/// </summary>
public static class ExportMemory
{
    public static async Task RunAsync()
    {
        using var host = await MillionSessions.OpenAsync();
        var reader = host.Services.GetRequiredService<TableReader>();
        var sessions = (await reader.ReadSchemaAsync(CancellationToken.None)).Single(t => t.Name == "sessions");
        var view = new TableView(sessions, null, false, []);
        Console.WriteLine($"before: managed heap {Mib(GC.GetTotalMemory(forceFullCollection: true))}, working set {Mib(Environment.WorkingSet)}");
        await MeasureAsync("CSV", (body, rows) => TableExport.WriteCsvAsync(body, sessions, rows, CancellationToken.None), reader, view);
        await MeasureAsync("JSON", (body, rows) => TableExport.WriteJsonAsync(body, sessions, rows, CancellationToken.None), reader, view);
    }

    private static async Task MeasureAsync(string format, Func<Stream, IAsyncEnumerable<object?[]>, Task> export, TableReader reader, TableView view)
    {
        GC.Collect();
        long peakHeap = 0, peakWorkingSet = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
                peakWorkingSet = Math.Max(peakWorkingSet, Environment.WorkingSet);
                await Task.Delay(5);
            }
        });
        var counting = new CountingStream();
        var clock = Stopwatch.StartNew();
        await export(counting, reader.ReadAllAsync(view, CancellationToken.None));
        clock.Stop();
        await sampling.CancelAsync();
        await sampler;
        Console.WriteLine($"{format}: {MillionSessions.Count:N0} rows, {Mib(counting.Length)} written in {clock.Elapsed.TotalSeconds:F1} s " +
                          $"({MillionSessions.Count / clock.Elapsed.TotalSeconds:N0} rows/s); peak managed heap {Mib(peakHeap)}, peak working set {Mib(peakWorkingSet)}");
    }

    private static string Mib(long bytes) => $"{bytes / 1024.0 / 1024.0:F0} MiB";

    /// <summary>A response body that keeps nothing, only counts.</summary>
    private sealed class CountingStream : Stream
    {
        private long length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => length;
        public override long Position { get => length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => length += count;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
