namespace SessionStore.Tests.Support;

/// <summary>
/// The repository's docker-compose.yml as an operator runs it, under its own project name, with the
/// data folder, a loopback port and the admin key given the way .env.example describes.
/// Disposing it runs <c>down</c> and removes the image it built.
/// </summary>
public sealed class ComposeProject(string name, string dataFolder, string adminKey) : IAsyncDisposable
{
    private const string Service = "sessionstore";

    private readonly Dictionary<string, string> variables = new()
    {
        ["SESSIONSTORE_DATA_DIR"] = dataFolder,
        ["SESSIONSTORE_PORT"] = $"127.0.0.1:{LoopbackPort.Free()}",
        ["SESSIONSTORE_ADMIN_KEY"] = adminKey,
    };

    public Task UpAsync(params string[] options) => RunAsync(["up", "--detach", .. options]);

    public Task DownAsync() => RunAsync(["down"]);

    /// <summary>The service's current container, once it is healthy.</summary>
    public async Task<SessionStoreContainer> HealthyContainerAsync()
    {
        var container = SessionStoreContainer.Existing(await RunAsync(["ps", "--quiet", Service]));
        await container.WaitUntilHealthyAsync();
        return container;
    }

    public async ValueTask DisposeAsync() => await TryAsync(["down", "--rmi", "local"]);

    private async Task<string> RunAsync(string[] arguments) => (await TryAsync(arguments)).OrThrow().Trim();

    private Task<Command.Result> TryAsync(string[] arguments) =>
        Docker.TryComposeAsync(variables, ["--project-name", name, "--file", Path.Combine(Repository.Root, "docker-compose.yml"), .. arguments]);
}
