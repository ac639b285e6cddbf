using System.Text.Json;
using Microsoft.Playwright;
using Microsoft.Playwright.NUnit;
using SessionStore.ServiceInterface.Storage;
using SessionStore.Tests.Support;

namespace SessionStore.Tests.Browser;

/// <summary>
/// A real SessionStore process with an admin key, on fresh storage of the fixture's provider (SQLite unless a subclass
/// passes another), and Debian's Chromium (see browser.runsettings) driven by Playwright, one fresh page per test.
/// A script error on the page or an alert dialog fails the test.
/// </summary>
[Category("Browser")]
public abstract class BrowserFixture(StorageProvider provider) : PageTest
{
    protected BrowserFixture() : this(StorageProvider.Sqlite) { }

    public const string ChromiumPath = "/usr/bin/chromium";
    public const string ChromiumMissing =
        "The browser tests need Debian's Chromium at /usr/bin/chromium: install it as root with 'apt-get install -y chromium' " +
        "(.ci/run does that when it runs as root), then run the tests again.";
    protected const string AdminKey = "browser-admin-key-0123456789abcdef";
    protected const string MarkupName = "<img src=x onerror=alert(1)>";
    protected static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private TestStorage? storage;
    private readonly List<string> pageProblems = [];

    protected StorageProvider Provider => provider;
    protected ServiceProcess Service { get; private set; } = null!;

    /// <summary>Calls the service with the admin key, as the UI does.</summary>
    protected SessionStoreClient Admin => new(Service.Http) { AdminKey = AdminKey };

    [OneTimeSetUp]
    public async Task StartService()
    {
        if (!File.Exists(ChromiumPath)) Assert.Fail(ChromiumMissing);
        await BeforeStartAsync();
        storage = await TestStorage.CreateAsync(provider);
        var environment = storage.Environment;
        foreach (var (key, value) in ServiceSettings) environment[key] = value;
        environment["Admin__ApiKey"] = AdminKey;
        Service = await TestProcesses.StartAsync(storage.Directory.Path, environment);
        await OnStartedAsync();
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        if (Service is not null) await Service.DisposeAsync();
        if (storage is not null) await storage.DisposeAsync();
    }

    /// <summary>What the fixture needs running before its service starts (a store it copies backups to).</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    /// <summary>Environment settings the fixture's service starts with, besides the admin key.</summary>
    protected virtual IReadOnlyDictionary<string, string> ServiceSettings => new Dictionary<string, string>();

    /// <summary>A console message a test provokes on purpose, which therefore does not fail it.</summary>
    protected virtual bool IsExpected(string problem) => false;

    /// <summary>Data every test of the fixture starts from.</summary>
    protected virtual Task OnStartedAsync() => Task.CompletedTask;

    public override BrowserNewContextOptions ContextOptions() => new()
    {
        BaseURL = Service.BaseAddress.ToString(),
        ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
        AcceptDownloads = true,
    };

    [SetUp]
    public void WatchThePage()
    {
        pageProblems.Clear();
        Page.PageError += (_, error) => pageProblems.Add($"script error: {error}");
        Page.Console += (_, message) => { if (message.Type == "error") pageProblems.Add($"console error: {message.Text}"); };
        Page.Dialog += async (_, dialog) =>
        {
            pageProblems.Add($"a {dialog.Type} dialog opened: {dialog.Message}");
            await dialog.DismissAsync();
        };
    }

    [TearDown]
    public void NothingWentWrongOnThePage()
    {
        // The browser logs every 4xx answer; the UI expects some (a wrong key, an endpoint this server lacks) and says so itself.
        var problems = pageProblems.Where(p => !p.Contains("the server responded with a status of 4", StringComparison.Ordinal) && !IsExpected(p)).ToList();
        Assert.That(problems, Is.Empty, "The page reported problems.");
    }

    protected async Task SignInAsync()
    {
        await Page.GotoAsync("/admin-ui/");
        await Page.GetByLabel("Admin key").FillAsync(AdminKey);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.Locator("section#dashboard")).ToBeVisibleAsync();
    }

    protected async Task OpenTabAsync(string name)
    {
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Admin sections" }).GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(Page.Locator($"section#{name.ToLowerInvariant()}")).ToBeVisibleAsync();
    }

    /// <summary>
    /// Saves a full-page screenshot as a test attachment, and also into $SESSIONSTORE_SCREENSHOTS when set
    /// (how docs/screenshots is refreshed).
    /// </summary>
    protected async Task ScreenshotAsync(string name, bool fullPage = true)
    {
        // The docs show SQLite, the default; the same page on another provider gets a name of its own.
        if (provider != StorageProvider.Sqlite) name += "-" + provider.ToString().ToLowerInvariant();
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = fullPage });
        TestContext.AddTestAttachment(path, name);
        if (Environment.GetEnvironmentVariable("SESSIONSTORE_SCREENSHOTS") is { Length: > 0 } docs)
        {
            Directory.CreateDirectory(docs);
            File.Copy(path, Path.Combine(docs, name + ".png"), overwrite: true);
        }
    }

    /// <summary>Serves a fixed JSON answer for one endpoint in this page only: how the UI meets a server it cannot have here.</summary>
    protected Task AnswerAsync(string path, int status, object? body = null) =>
        Page.RouteAsync($"**{path}", route => route.FulfillAsync(new()
        {
            Status = status,
            ContentType = status == 404 ? "application/problem+json" : "application/json",
            Body = body is null ? (status == 404 ? """{"title":"Not found","status":404}""" : "") : JsonSerializer.Serialize(body, Json),
        }));
}
