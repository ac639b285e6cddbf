using SessionStore.TestSupport;
using SessionStore.Benchmarks.Http;

namespace SessionStore.Benchmarks.Suite;

/// <summary>Where a configuration's data directories live.</summary>
public enum DataOn
{
    /// <summary>Below the disk folder, where fsync reaches the device.</summary>
    Disk,

    /// <summary>Below /dev/shm, a tmpfs: nothing is durable, every code path is the same.</summary>
    Memory,
}

/// <summary>
/// One way to run the published service under load, a row of the write throughput table: <paramref name="Instances"/>
/// processes, each with a data directory of its own on <paramref name="Data"/> and the environment variables
/// <paramref name="Settings"/> (configuration keys such as <c>Storage__MaxWriteBatch</c>; a database server would
/// come in through <c>Storage__Provider</c> and <c>ConnectionStrings__SessionStore</c>, shared by its instances).
/// With <paramref name="StorageFree"/>, the storage-free app instead of the service (<see cref="StorageFreeServer"/>); with
/// <paramref name="ServiceDll"/>, another build of the service than this tree's.
/// </summary>
public sealed record ServiceConfiguration(
    string Name, string Description, DataOn Data, IReadOnlyDictionary<string, string> Settings, int Instances = 1, bool StorageFree = false,
    string? ServiceDll = null)
{
    public async Task<RunningConfiguration> StartAsync(BenchmarkDirectories directories)
    {
        var processes = new List<ServiceProcess>();
        try
        {
            for (var instance = 1; instance <= Instances; instance++)
            {
                var name = Instances == 1 ? Name : $"{Name} #{instance}";
                var directoryName = $"{Name.Replace(' ', '-')}-{instance}";
                var dataDirectory = Data == DataOn.Disk ? directories.OnDisk(directoryName) : directories.InMemory(directoryName);
                processes.Add(StorageFree
                    ? await ServiceProcess.StartAsync(typeof(StorageFreeServer).Assembly.Location, dataDirectory, Settings, name, StorageFreeServer.Command)
                    : await PublishedService.StartAsync(name, dataDirectory, Settings, ServiceDll));
            }
            return new RunningConfiguration(this, processes);
        }
        catch
        {
            foreach (var process in processes) await process.DisposeAsync();
            throw;
        }
    }
}

/// <summary>The processes of a <see cref="ServiceConfiguration"/>: load goes to all their addresses, figures are summed over them.</summary>
public sealed class RunningConfiguration(ServiceConfiguration configuration, IReadOnlyList<ServiceProcess> processes) : IAsyncDisposable
{
    public ServiceConfiguration Configuration { get; } = configuration;
    public string Name => Configuration.Name;
    public IReadOnlyList<Uri> BaseAddresses { get; } = [.. processes.Select(p => p.BaseAddress)];

    public async Task<WriterFigures> ReadWriterFiguresAsync()
    {
        var figures = await Task.WhenAll(processes.Select(WriterFigures.ReadAsync));
        return figures.Aggregate((sum, next) => sum + next);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes) await process.DisposeAsync();
    }
}
