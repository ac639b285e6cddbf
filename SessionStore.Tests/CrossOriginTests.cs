using System.Net;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>CORS as the server answers it; CrossOriginBrowserTests show what a browser then does.</summary>
public sealed class CrossOriginTests : DataDirectoryPerTest
{
    private const string Game = "https://game.example.com";
    [Test]
    public async Task An_allowed_origin_gets_its_preflight_for_PATCH_with_Authorization_answered()
    {
        await using var service = Start(Game);

        using var response = await PreflightAsync(service, $"api/sessions/{Guid.NewGuid()}", Game, "PATCH", "authorization,content-type");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo(Game));
        Assert.That(Header(response, "Access-Control-Allow-Methods"), Does.Contain("PATCH"));
        Assert.That(Header(response, "Access-Control-Allow-Headers"), Does.Contain("Authorization").IgnoreCase);
    }

    [Test]
    public async Task An_allowed_origin_may_read_answers_and_the_headers_a_client_needs()
    {
        await using var service = Start(Game);

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/sessions") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Origin", Game);
        using var response = await service.CreateClient().SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo(Game));
        Assert.That(Header(response, "Access-Control-Expose-Headers"), Does.Contain("Location").And.Contain("Retry-After"));
    }

    [TestCase(null, Description = "nothing configured: same origin only")]
    [TestCase(Game)]
    public async Task Any_other_origin_gets_no_CORS_headers_so_the_browser_blocks_it(string? allowed)
    {
        await using var service = Start(allowed);

        using var response = await PreflightAsync(service, "api/sessions", "https://elsewhere.example.org", "POST", "content-type");

        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.Null);
    }

    [Test]
    public async Task A_wildcard_allows_the_subdomains_of_a_domain()
    {
        await using var service = Start("https://*.itch.example");

        using var subdomain = await PreflightAsync(service, "api/sessions", "https://html.itch.example", "POST", "content-type");
        using var other = await PreflightAsync(service, "api/sessions", "https://itch.example.evil.org", "POST", "content-type");

        Assert.That(Header(subdomain, "Access-Control-Allow-Origin"), Is.EqualTo("https://html.itch.example"));
        Assert.That(Header(other, "Access-Control-Allow-Origin"), Is.Null);
    }

    [Test]
    public async Task The_admin_endpoints_never_answer_another_origin_even_an_allowed_one()
    {
        await using var service = Start(Game, ("Admin:ApiKey", "cross-origin-admin-key-0123456789abcdef"));

        using var preflight = await PreflightAsync(service, "api/admin/tables", Game, "GET", "x-admin-key");
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/admin/tables");
        request.Headers.Add("Origin", Game);
        request.Headers.Add("X-Admin-Key", "cross-origin-admin-key-0123456789abcdef");
        using var simple = await service.CreateClient().SendAsync(request);

        Assert.That(Header(preflight, "Access-Control-Allow-Origin"), Is.Null, "the preflight is refused, so a browser never sends the request");
        Assert.That(Header(simple, "Access-Control-Allow-Origin"), Is.Null, "and a page could not read the answer anyway");
    }

    [Test]
    public async Task An_allowed_origin_that_is_not_an_origin_stops_the_service_with_a_sentence_that_shows_the_form()
    {
        var (exitCode, output) = await TestProcesses.RunUntilExitAsync(DataFolder.Path,
            new Dictionary<string, string> { ["Cors__AllowedOrigins"] = "https://game.example.com/play/index.html" });

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain("SessionStore cannot start: Cors:AllowedOrigins: 'https://game.example.com/play/index.html' is not an origin")
            .And.Contain("e.g. https://game.example.com"));
        Assert.That(output, Does.Not.Contain("   at "), "no stack trace");
    }

    private InProcessService Start(string? allowedOrigins, params (string Key, string Value)[] more)
    {
        var settings = more.ToDictionary(s => s.Key, s => (string?)s.Value);
        if (allowedOrigins is not null) settings["Cors:AllowedOrigins"] = allowedOrigins;
        return new InProcessService(DataFolder.Path, settings);
    }

    private static async Task<HttpResponseMessage> PreflightAsync(InProcessService service, string path, string origin, string method, string headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return await service.CreateClient().SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
