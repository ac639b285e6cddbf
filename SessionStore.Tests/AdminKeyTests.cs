using System.Net;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>The admin endpoints answer only to the admin key, and do not exist without one configured.</summary>
public sealed class AdminKeyTests
{
    private const string AdminKey = "the-right-admin-key-0123456789abcdef";

    public static IEnumerable<TestCaseData> AdminEndpoints()
    {
        yield return new TestCaseData("GET", "api/admin/storage", HttpStatusCode.OK).SetArgDisplayNames("GET storage");
        yield return new TestCaseData("GET", "api/admin/backups", HttpStatusCode.OK).SetArgDisplayNames("GET backups");
        yield return new TestCaseData("POST", "api/admin/backups", HttpStatusCode.Created).SetArgDisplayNames("POST backups");
        // Past the key the endpoint answers for itself: there is no such backup.
        yield return new TestCaseData("GET", "api/admin/backups/sessionstore-20260101T000000.000Z.db", HttpStatusCode.NotFound).SetArgDisplayNames("GET a backup");
        yield return new TestCaseData("POST", "api/admin/recovery/acknowledge", HttpStatusCode.OK).SetArgDisplayNames("POST acknowledge");
    }

    [TestCaseSource(nameof(AdminEndpoints))]
    public async Task Without_a_configured_key_the_admin_endpoint_does_not_exist(string method, string path, HttpStatusCode _)
    {
        using var directory = new TemporaryDirectory();
        await using var service = new InProcessService(directory.Path);

        using var response = await SendAsync(service, method, path, key: "any key");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Admin__ApiKey"));
    }

    [TestCaseSource(nameof(AdminEndpoints))]
    public async Task A_missing_or_wrong_key_is_401_and_the_right_one_is_let_through(string method, string path, HttpStatusCode withTheRightKey)
    {
        using var directory = new TemporaryDirectory();
        await using var service = new InProcessService(directory.Path, new Dictionary<string, string?> { ["Admin:ApiKey"] = AdminKey });

        using var missing = await SendAsync(service, method, path, key: null);
        using var wrong = await SendAsync(service, method, path, key: AdminKey + "x");
        using var right = await SendAsync(service, method, path, key: AdminKey);

        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(wrong.Headers.WwwAuthenticate.ToString(), Is.EqualTo("X-Admin-Key"));
        Assert.That(right.StatusCode, Is.EqualTo(withTheRightKey));
        Assert.That(await right.Content.ReadAsStringAsync(), Does.Not.Contain("Admin__ApiKey"));
    }

    private static async Task<HttpResponseMessage> SendAsync(InProcessService service, string method, string path, string? key)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (key is not null) request.Headers.Add("X-Admin-Key", key);
        return await service.CreateClient().SendAsync(request);
    }
}
