using SessionStore.ServiceInterface.Storage;

namespace SessionStore.Tests.Support;

/// <summary>
/// A test fixture that shares one in-process service, on its own fresh storage, across its tests. A subclass that
/// takes the provider as its fixture argument runs against both: <c>[TestFixture(StorageProvider.Sqlite)]</c> and
/// <c>[TestFixture(StorageProvider.PostgreSql)]</c>, each with a database of its own.
/// </summary>
public abstract class ServiceFixture(StorageProvider provider = StorageProvider.Sqlite)
{
    protected StorageProvider Provider => provider;
    protected TestStorage Storage { get; private set; } = null!;
    protected InProcessService Service { get; private set; } = null!;
    protected SessionStoreClient Client { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartService()
    {
        Storage = await TestStorage.CreateAsync(provider);
        Service = Storage.StartInProcess(Settings);
        Client = Service.Client();
        await OnStartedAsync();
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        if (Service is not null) await Service.DisposeAsync();
        if (Storage is not null) await Storage.DisposeAsync();
    }

    /// <summary>Configuration the fixture's service starts with, beyond its storage.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>Data every test of the fixture starts from.</summary>
    protected virtual Task OnStartedAsync() => Task.CompletedTask;
}
