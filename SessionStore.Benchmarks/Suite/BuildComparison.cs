using SessionStore.Benchmarks.Http;
using static SessionStore.Benchmarks.Suite.Measurements;

namespace SessionStore.Benchmarks.Suite;

/// <summary>
/// This tree's service against the same service built from another commit, durable, side by side in one run: session
/// starts and game rounds, in rounds that rotate which build goes first. A change meant to make the write path cheaper
/// shows here as ratios of throughput and of the writer's CPU per write, which runs at different times cannot give on
/// a shared machine.
/// </summary>
public static class BuildComparison
{
    private const int Connections = 32;

    public static async Task RunAsync(SuiteOptions options, BenchmarkDirectories directories, Report report, string baseline)
    {
        var baselineDll = await PublishedService.PublishBaselineAsync(baseline);
        var thisTree = new ServiceConfiguration("this tree", "the service built from this tree", DataOn.Disk, new Dictionary<string, string>());
        var before = new ServiceConfiguration("baseline", $"the service built from `{baseline}`", DataOn.Disk, new Dictionary<string, string>(), ServiceDll: baselineDll);
        report.Section($"This tree against {baseline}",
            $"Durable, data directory on disk, {Connections} connections; {options.Rounds} rounds of {options.RoundLength.TotalSeconds:F0} s per build " +
            "and workload, in rotating order. A ratio is the median of the rounds' ratios, this tree over the baseline.\n\n" +
            $"- `{thisTree.Name}`: {thisTree.Description}\n- `{before.Name}`: {before.Description}");
        var ratios = new List<IReadOnlyList<string>>();
        foreach (var (workload, iteration) in new (string, Iteration)[] { ("session starts", Workloads.CreateSession), ("game rounds", Workloads.PlayOneSession) })
        {
            var rows = new List<IReadOnlyList<string>>();
            var rounds = await WriteThroughput.RunAsync(options, directories, [thisTree, before], Connections, iteration, rows);
            report.Section($"This tree against {baseline}: {workload}");
            report.Table(WriteThroughput.Columns, rows);
            var throughput = WriteThroughput.Rates(rounds[thisTree]).Zip(WriteThroughput.Rates(rounds[before]), (now, then) => now / then).ToList();
            var writerCpu = MedianRatio(rounds[thisTree].Select(r => r.Writer.WriterCpuUsPerWrite), rounds[before].Select(r => r.Writer.WriterCpuUsPerWrite));
            var serviceCpu = MedianRatio(rounds[thisTree].Select(r => r.Writer.CpuUsPerWrite), rounds[before].Select(r => r.Writer.CpuUsPerWrite));
            ratios.Add([workload, Ratio(Median(throughput)), All(throughput, Ratio), Ratio(writerCpu), Ratio(serviceCpu)]);
        }
        report.Section($"This tree / {baseline}");
        report.Table(["workload", "throughput", "every round", "writer CPU per write", "service CPU per write"], ratios);
    }
}
