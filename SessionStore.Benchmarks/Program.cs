using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SessionStore.Benchmarks;

// dotnet run -c Release --project SessionStore.Benchmarks -- --filter '*'   (BenchmarkDotNet; see --help)
// dotnet run -c Release --project SessionStore.Benchmarks -- export-memory  (the million-row export)
// dotnet run -c Release --project SessionStore.Benchmarks -- observability-overhead [rounds] [seconds] [clients]
if (args is ["export-memory"])
{
    await ExportMemory.RunAsync();
    return;
}
if (args is ["observability-overhead", ..])
{
    int Argument(int index, int otherwise) => args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : otherwise;
    await ObservabilityOverhead.RunAsync(rounds: Argument(1, 6), TimeSpan.FromSeconds(Argument(2, 10)), clients: Argument(3, 32));
    return;
}

// In process: the benchmarks share the seeded database and need no generated project.
var config = DefaultConfig.Instance.AddJob(Job.Default
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithWarmupCount(3)
    .WithIterationCount(15));
BenchmarkSwitcher.FromAssembly(typeof(MillionSessions).Assembly).Run(args, config);
