using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using SessionStore.Tests.Support;

namespace SessionStore.Tests.Browser;

/// <summary>
/// A game frontend on another origin (another loopback port) that uses the typed TypeScript client, bundled
/// by esbuild from clients/typescript, in Chromium: CORS lets the allowed origin play and the browser stops the rest.
/// </summary>
[NonParallelizable]
public sealed class CrossOriginBrowserTests : BrowserFixture
{
    private const string GamePage = """
        <!doctype html>
        <meta charset="utf-8">
        <title>A game on another origin</title>
        <script type="module">
          import { createSessionStoreClient } from './sessionstore-client.js';

          // One round of a game: start a session, report a score, complete it with the final score.
          window.playOneRound = async (service) => {
            const store = createSessionStoreClient(service);
            const { session, token } = await store.createSession({ playerName: 'Remote', game: 'cross-origin' });
            await store.updateSession(session.id, token, { score: 10 });
            return store.completeSession(session.id, token, { score: 42 });
          };
          window.readTables = async (service, adminKey) => {
            const { data } = await createSessionStoreClient(service, { adminKey }).api.GET('/api/admin/tables');
            return data;
          };
          document.title = 'ready';
        </script>
        """;

    private WebApplication allowedOrigin = null!;
    private WebApplication otherOrigin = null!;

    protected override IReadOnlyDictionary<string, string> ServiceSettings => new Dictionary<string, string>
    {
        ["Cors__AllowedOrigins"] = Origin(allowedOrigin),
    };

    /// <summary>What Chromium logs when it blocks a cross-origin call, which is what some of these tests want.</summary>
    protected override bool IsExpected(string problem) =>
        problem.Contains("has been blocked by CORS policy", StringComparison.Ordinal) || problem.Contains("net::ERR_FAILED", StringComparison.Ordinal);

    /// <summary>Both origins start first, on ports the system picks as they bind, so the service can be told which one it allows.</summary>
    protected override async Task BeforeStartAsync()
    {
        var client = await BundleTypeScriptClientAsync();
        allowedOrigin = await ServeGameAsync(client);
        otherOrigin = await ServeGameAsync(client);
    }

    [OneTimeTearDown]
    public async Task StopOrigins()
    {
        foreach (var origin in new[] { allowedOrigin, otherOrigin }) if (origin is not null) await origin.DisposeAsync();
    }

    [Test]
    public async Task From_an_allowed_origin_the_typed_client_creates_updates_and_completes_a_session()
    {
        await OpenGameAsync(allowedOrigin);

        var completed = System.Text.Json.JsonSerializer.Deserialize<Session>(
            await Page.EvaluateAsync<string>("async service => JSON.stringify(await playOneRound(service))", ServiceUrl), Json)!;

        Assert.That((completed.Status, completed.Score, completed.PlayerName), Is.EqualTo((SessionStatus.Completed, (long?)42, "Remote")));
        var stored = await Service.Client.GetSessionAsync(new GetSession { Id = completed.Id });
        Assert.That(stored.Status, Is.EqualTo(SessionStatus.Completed), "the browser's calls reached the service");
    }

    [Test]
    public async Task From_an_origin_that_is_not_allowed_the_browser_blocks_the_calls_and_nothing_is_stored()
    {
        var before = (await Service.Client.GetStatsAsync(new GetStats())).Sessions.Total;
        await OpenGameAsync(otherOrigin);

        var blocked = Assert.ThrowsAsync<PlaywrightException>(() => Page.EvaluateAsync("service => playOneRound(service)", ServiceUrl));

        Assert.That(blocked!.Message, Does.Contain("Failed to fetch"));
        Assert.That((await Service.Client.GetStatsAsync(new GetStats())).Sessions.Total, Is.EqualTo(before), "the preflight failed, so the browser never sent the POST");
    }

    [Test]
    public async Task Even_an_allowed_origin_cannot_call_the_admin_endpoints_with_the_admin_key()
    {
        await OpenGameAsync(allowedOrigin);

        var blocked = Assert.ThrowsAsync<PlaywrightException>(() => Page.EvaluateAsync("([service, key]) => readTables(service, key)", new[] { ServiceUrl, AdminKey }));

        Assert.That(blocked!.Message, Does.Contain("Failed to fetch"));
    }

    private string ServiceUrl => Service.BaseAddress.ToString().TrimEnd('/');

    private async Task OpenGameAsync(WebApplication origin)
    {
        await Page.GotoAsync(Origin(origin) + "/");
        await Expect(Page).ToHaveTitleAsync("ready");
    }

    /// <summary>The origin's scheme, host and the port it bound, as a browser sends it in the Origin header.</summary>
    private static string Origin(WebApplication origin) => origin.Urls.Single();

    /// <summary>clients/typescript's `npm run bundle`: the client and openapi-fetch as one ES module, built from the packages, never committed.</summary>
    private static async Task<byte[]> BundleTypeScriptClientAsync()
    {
        var project = Path.Combine(Repository.Root, "clients", "typescript");
        var npm = new Dictionary<string, string> { ["npm_config_update_notifier"] = "false" };
        if (!File.Exists(Path.Combine(project, "node_modules", ".bin", "esbuild")))
            (await Command.RunAsync("npm", ["ci", "--prefix", project, "--no-audit", "--no-fund"], npm, TimeSpan.FromMinutes(10))).OrThrow();
        (await Command.RunAsync("npm", ["run", "--prefix", project, "bundle"], npm)).OrThrow();
        return await File.ReadAllBytesAsync(Path.Combine(project, "dist", "sessionstore-client.js"));
    }

    /// <summary>
    /// The game's origin: a page and the bundled client, on a loopback port the system assigns when it binds (a port
    /// picked earlier and bound later can be taken in between, by any outgoing connection).
    /// </summary>
    private static async Task<WebApplication> ServeGameAsync(byte[] client)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var origin = builder.Build();
        origin.MapGet("/", () => Results.Text(GamePage, "text/html; charset=utf-8"));
        origin.MapGet("/sessionstore-client.js", () => Results.Bytes(client, "text/javascript; charset=utf-8"));
        await origin.StartAsync();
        return origin;
    }
}
