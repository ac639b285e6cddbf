namespace SessionStore.Tests.Support;

/// <summary>A test fixture that shares one in-process service, on its own fresh data directory, across its tests.</summary>
public abstract class ServiceFixture
{
    private TemporaryDirectory directory = null!;

    protected InProcessService Service { get; private set; } = null!;
    protected SessionStoreClient Client { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartService()
    {
        directory = new TemporaryDirectory();
        Service = new InProcessService(directory.Path, Settings);
        Client = Service.Client();
        await OnStartedAsync();
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        await Service.DisposeAsync();
        directory.Dispose();
    }

    /// <summary>Configuration the fixture's service starts with, beyond its data directory.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>Data every test of the fixture starts from.</summary>
    protected virtual Task OnStartedAsync() => Task.CompletedTask;
}
