using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SessionStore.Benchmarks;
using SessionStore.Benchmarks.Http;
using SessionStore.Benchmarks.Suite;

// dotnet run -c Release --project SessionStore.Benchmarks -- suite [rounds] [seconds]  (every HTTP figure and its target; docs/benchmarks.md)
// dotnet run -c Release --project SessionStore.Benchmarks -- --filter '*'             (BenchmarkDotNet, in process; see --help)
// dotnet run -c Release --project SessionStore.Benchmarks -- export-memory            (the million-row export)
// dotnet run -c Release --project SessionStore.Benchmarks -- observability-overhead [rounds] [seconds] [clients]
// dotnet run -c Release --project SessionStore.Benchmarks -- leaderboards [rounds]    (only the leaderboard figures)
// dotnet run -c Release --project SessionStore.Benchmarks -- game-stats [rounds]      (only the per-game statistics figures)
// dotnet run -c Release --project SessionStore.Benchmarks -- seed                     (only seed the 1,000,000 sessions)
// dotnet run -c Release --project SessionStore.Benchmarks -- off-host-backups [rounds] [seconds]  (only the suite's off-host backup section)
// dotnet run -c Release --project SessionStore.Benchmarks -- write-path [rounds] [seconds]        (only write throughput, the noisy neighbour and startup)
// dotnet run -c Release --project SessionStore.Benchmarks -- compare-builds <commit> [rounds] [seconds]  (this tree's write path against <commit>'s, side by side)
int Argument(int index, int otherwise) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : otherwise;
switch (args)
{
    case ["leaderboards", .. var leaderboardArguments]:
        await BenchmarkSuite.RunAsync(SuiteOptions.Parse(leaderboardArguments), only: "leaderboards");
        return;
    case ["game-stats", .. var gameStatsArguments]:
        await BenchmarkSuite.RunAsync(SuiteOptions.Parse(gameStatsArguments), only: "game-stats");
        return;
    case ["suite", .. var suiteArguments]:
        await BenchmarkSuite.RunAsync(SuiteOptions.Parse(suiteArguments));
        return;
    case ["off-host-backups", .. var sectionArguments]:
        await BenchmarkSuite.RunSectionAsync(SuiteOptions.Parse(sectionArguments), OffHostBackups.RunAsync);
        return;
    case ["write-path", .. var writePathArguments]:
        await BenchmarkSuite.RunSectionAsync(SuiteOptions.Parse(writePathArguments), async (options, directories, report) =>
        {
            await WriteThroughput.RunAsync(options, directories, report);
            await NoisyNeighbour.RunAsync(options, directories, report);
            await StartupAndMemory.RunAsync(options, directories, report);
        });
        return;
    case ["compare-builds", var baseline, .. var comparisonArguments]:
        await BenchmarkSuite.RunSectionAsync(SuiteOptions.Parse(comparisonArguments),
            (options, directories, report) => BuildComparison.RunAsync(options, directories, report, baseline));
        return;
    case [StorageFreeServer.Command, .. var serverArguments]:
        await StorageFreeServer.RunAsync(serverArguments);
        return;
    case ["seed"]:
        await MillionSessions.EnsureSeededAsync();
        return;
    case ["export-memory"]:
        await ExportMemory.RunAsync();
        return;
    case ["observability-overhead", ..]:
        await ObservabilityOverhead.RunAsync(rounds: Argument(1, 6), TimeSpan.FromSeconds(Argument(2, 10)), clients: Argument(3, 32));
        return;
}

// In process: the benchmarks share the seeded database and need no generated project.
var config = DefaultConfig.Instance.AddJob(Job.Default
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithWarmupCount(3)
    .WithIterationCount(15));
BenchmarkSwitcher.FromAssembly(typeof(MillionSessions).Assembly).Run(args, config);
