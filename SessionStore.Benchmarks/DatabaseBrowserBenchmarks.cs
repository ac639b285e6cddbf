using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SessionStore.ServiceInterface.Admin.DatabaseBrowser;
using SessionStore.ServiceInterface.Storage;
using SessionStore.ServiceInterface.Storage.Browsing;
using SessionStore.ServiceModel;

namespace SessionStore.Benchmarks;

/// <summary>
/// One page of 100 rows of the admin database browser at 1,000,000 sessions: what GET
/// /api/admin/tables/sessions/rows does behind HTTP (resolve names in the schema, count matches up to the
/// limit, read the page, shape it as JSON).
/// </summary>
[MemoryDiagnoser]
public class DatabaseBrowserBenchmarks
{
    private IHost host = null!;
    private TableReader reader = null!;

    [GlobalSetup]
    public async Task Open()
    {
        host = await MillionSessions.OpenAsync();
        reader = host.Services.GetRequiredService<TableReader>();
    }

    [GlobalCleanup]
    public void Close() => host.Dispose();

    [Benchmark(Description = "game = x, sorted by started_at desc (indexed)")]
    public Task<int> FilteredByGameSortedByStart() => PageAsync(new QueryTableRows("sessions", "started_at", Desc: true, Filter: ["game:eq:game7"], Take: 100));

    [Benchmark(Description = "game = x, sorted by started_at desc, rows 10,001-10,100")]
    public Task<int> FilteredByGameSortedByStartDeepPage() => PageAsync(new QueryTableRows("sessions", "started_at", Desc: true, Filter: ["game:eq:game7"], Skip: 10_000, Take: 100));

    [Benchmark(Description = "player_name contains, sorted by started_at desc")]
    public Task<int> NameContainsSortedByStart() => PageAsync(new QueryTableRows("sessions", "started_at", Desc: true, Filter: ["player_name:contains:r4242"], Take: 100));

    [Benchmark(Description = "status = completed, sorted by score desc (no index on score)")]
    public Task<int> FilteredByStatusSortedByScore() => PageAsync(new QueryTableRows("sessions", "score", Desc: true, Filter: ["status:eq:completed"], Take: 100));

    [Benchmark(Description = "no filter, table order")]
    public Task<int> Unfiltered() => PageAsync(new QueryTableRows("sessions", Take: 100));

    private async Task<int> PageAsync(QueryTableRows request)
    {
        var view = ((TableViewResolution.Resolved)await TableViews.ResolveAsync(request, reader, CancellationToken.None)).View;
        var page = await reader.ReadPageAsync(view, request.Skip, request.Take, DatabaseBrowserApi.MatchingCountLimit, CancellationToken.None);
        return page.Rows.Select(row => TableExport.ToJsonObject(view.Table, row)).Count();
    }
}
