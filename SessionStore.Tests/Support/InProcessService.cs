using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace SessionStore.Tests.Support;

/// <summary>
/// The real SessionStore host, in this process, over a real SQLite file in <see cref="DataDirectory"/>.
/// Dispose it and start another on the same directory to see what a restart keeps.
/// </summary>
public sealed class InProcessService : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? configureServices;

    public InProcessService(string dataDirectory, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        DataDirectory = dataDirectory;
        this.settings = RaisedLimits.Settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) this.settings[key] = value;
        this.settings["Storage:DataDirectory"] = dataDirectory;
        this.configureServices = configureServices;
    }

    public string DataDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, "sessionstore.db");

    /// <summary>A typed client; with <paramref name="adminKey"/> it may call the admin operations too.</summary>
    public SessionStoreClient Client(string? adminKey = null) => new(CreateClient()) { AdminKey = adminKey };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        if (configureServices is not null) builder.ConfigureServices(configureServices);
    }
}
