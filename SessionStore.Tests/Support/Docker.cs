using System.ComponentModel;

namespace SessionStore.Tests.Support;

/// <summary>
/// The docker CLI and compose, against one engine: the one DOCKER_HOST names, else the one
/// scripts/container-lab/engine-up.sh starts if its socket is there, else the CLI's default.
/// </summary>
public static class Docker
{
    /// <summary>Where scripts/container-lab/env.sh puts the lab engine's socket.</summary>
    private const string LabSocket = "/tmp/ctr-lab/docker.sock";

    private static readonly Dictionary<string, string> EngineVariables = ChooseEngine();
    private static (string Program, string[] Arguments)? compose;

    private static string Engine => EngineVariables.GetValueOrDefault("DOCKER_HOST") ?? Environment.GetEnvironmentVariable("DOCKER_HOST") ?? "the docker CLI's default";

    /// <summary>Null when the CLI, an engine and compose are all there; otherwise what is missing, in a sentence.</summary>
    public static async Task<string?> WhyUnavailableAsync()
    {
        try
        {
            var version = await TryAsync("version", "--format", "{{.Server.Version}}");
            if (!version.Succeeded) return $"no Docker engine answers at {Engine} ({FirstLine(version.StandardError)})";
        }
        catch (Win32Exception)
        {
            return "the docker CLI is not installed";
        }
        return await WhyComposeUnavailableAsync();
    }

    /// <summary>Null when compose is installed; otherwise a sentence. Enough for <c>compose config</c>, which needs no engine.</summary>
    public static async Task<string?> WhyComposeUnavailableAsync()
    {
        compose ??= await FindComposeAsync();
        return compose is null ? "neither `docker compose` nor `docker-compose` is installed" : null;
    }

    /// <summary>
    /// Skips the calling fixture when <paramref name="why"/> says what is missing, after printing it (TestContext.Error
    /// reaches the console at dotnet test's default verbosity; an ignore reason does not); with
    /// SESSIONSTORE_CONTAINER_TESTS=required (CI) fails it instead.
    /// </summary>
    public static async Task SkipOrFailWithoutAsync(string? why)
    {
        if (why is null) return;
        var sentence = $"The container tests need a Docker engine and compose, but {why}; start one with scripts/container-lab/engine-up.sh " +
                       "and base-images.sh (as root), or point DOCKER_HOST at one.";
        if (Environment.GetEnvironmentVariable("SESSIONSTORE_CONTAINER_TESTS") == "required") Assert.Fail(sentence);
        await TestContext.Error.WriteLineAsync($"Skipped: {sentence}");
        Assert.Ignore(sentence);
    }

    public static Task<Command.Result> TryAsync(params string[] arguments) =>
        Command.RunAsync("docker", arguments, EngineVariables);

    /// <summary>Runs docker and returns its trimmed output; a failure shows what docker printed.</summary>
    public static async Task<string> RunAsync(params string[] arguments) => (await TryAsync(arguments)).OrThrow().Trim();

    public static async Task BuildAsync(string tag, string context) =>
        (await Command.RunAsync("docker", ["build", "--network", "host", "--tag", tag, context], EngineVariables, TimeSpan.FromMinutes(20))).OrThrow();

    /// <summary>Runs docker compose (or docker-compose) with these variables, which take precedence over a .env file.</summary>
    public static Task<Command.Result> TryComposeAsync(IReadOnlyDictionary<string, string> variables, params string[] arguments)
    {
        var (program, prefix) = compose ?? throw new InvalidOperationException("Call WhyUnavailableAsync or WhyComposeUnavailableAsync first.");
        var environment = new Dictionary<string, string>(EngineVariables);
        foreach (var (key, value) in variables) environment[key] = value;
        return Command.RunAsync(program, [.. prefix, .. arguments], environment, TimeSpan.FromMinutes(20));
    }

    private static Dictionary<string, string> ChooseEngine() =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is null && File.Exists(LabSocket)
            ? new() { ["DOCKER_HOST"] = $"unix://{LabSocket}" }
            : [];

    private static async Task<(string, string[])?> FindComposeAsync()
    {
        foreach (var (program, prefix) in new[] { ("docker", new[] { "compose" }), ("docker-compose", Array.Empty<string>()) })
        {
            try
            {
                if ((await Command.RunAsync(program, [.. prefix, "version"], EngineVariables)).Succeeded) return (program, prefix);
            }
            catch (Win32Exception) { }
        }
        return null;
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no answer";
}
