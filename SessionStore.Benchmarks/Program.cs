using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SessionStore.Benchmarks;

// dotnet run -c Release --project SessionStore.Benchmarks -- --filter '*'   (BenchmarkDotNet; see --help)
// dotnet run -c Release --project SessionStore.Benchmarks -- export-memory  (the million-row export)
if (args is ["export-memory"])
{
    await ExportMemory.RunAsync();
    return;
}

// In process: the benchmarks share the seeded database and need no generated project.
var config = DefaultConfig.Instance.AddJob(Job.Default
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithWarmupCount(3)
    .WithIterationCount(15));
BenchmarkSwitcher.FromAssembly(typeof(MillionSessions).Assembly).Run(args, config);
