using System.Net;
using System.Text.Json.Nodes;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>The OpenAPI document describes every operation fully, and the explorer over it works without the internet.</summary>
public sealed class ApiExplorerTests : ServiceFixture
{
    private JsonObject document = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Admin:ApiKey"] = "api-explorer-admin-key-0123456789abcdef" };

    protected override async Task OnStartedAsync() =>
        document = JsonNode.Parse(await Client.Http.GetStringAsync("openapi/v1.json"))!.AsObject();

    private IEnumerable<(string Method, string Path, JsonObject Operation)> Operations() =>
        from path in document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        select (operation.Key.ToUpperInvariant(), path.Key, operation.Value!.AsObject());

    [Test]
    public void Every_operation_has_a_unique_name_a_summary_and_a_tag()
    {
        var operations = Operations().ToList();

        Assert.That(operations, Has.Count.GreaterThanOrEqualTo(13));
        Assert.Multiple(() =>
        {
            foreach (var (method, path, operation) in operations)
            {
                Assert.That((string?)operation["operationId"], Is.Not.Null.And.Not.Empty, $"{method} {path} has no operationId");
                Assert.That((string?)operation["summary"], Is.Not.Null.And.Not.Empty, $"{method} {path} has no summary");
                Assert.That(operation["tags"]?.AsArray(), Is.Not.Null.And.Not.Empty, $"{method} {path} has no tag");
            }
            Assert.That(operations.Select(o => (string?)o.Operation["operationId"]), Is.Unique);
        });
    }

    [Test]
    public void Every_response_has_a_schema()
    {
        Assert.Multiple(() =>
        {
            foreach (var (method, path, operation) in Operations())
            foreach (var (status, response) in operation["responses"]!.AsObject())
            {
                var content = response!["content"]?.AsObject();
                Assert.That(content, Is.Not.Null.And.Not.Empty, $"{method} {path} {status} has no content");
                foreach (var (mediaType, body) in content ?? [])
                    Assert.That(body?["schema"], Is.Not.Null, $"{method} {path} {status} {mediaType} has no schema");
            }
        });
    }

    [TestCase("POST", "/api/sessions", "CreateSession", "201", "CreateSessionResponse")]
    [TestCase("PATCH", "/api/sessions/{id}", "UpdateSession", "200", "Session")]
    [TestCase("GET", "/api/admin/tables/{table}/rows", "QueryTableRows", "200", "TableRowsResponse")]
    [TestCase("GET", "/api/highscores", "GetHighScores", "200", "HighScoresResponse")]
    public void Operations_are_named_after_their_request_and_answer_with_their_response_type(string method, string path, string name, string status, string responseType)
    {
        var operation = Operations().Single(o => o.Method == method && o.Path == path).Operation;

        Assert.That((string?)operation["operationId"], Is.EqualTo(name));
        Assert.That(operation["responses"]![status]!["content"]!["application/json"]!["schema"]!["$ref"]?.GetValue<string>(),
            Is.EqualTo($"#/components/schemas/{responseType}"));
    }

    [TestCase("/api/sessions", "post", "CreateSession")]
    [TestCase("/api/sessions/{id}", "patch", "UpdateSession")]
    [TestCase("/api/sessions/{id}/complete", "post", "CompleteSession")]
    public void Requests_with_a_body_describe_it(string path, string method, string requestType)
    {
        var body = document["paths"]![path]![method]!["requestBody"]!["content"]!["application/json"]!["schema"]!;

        Assert.That(body.ToJsonString(), Does.Contain($"#/components/schemas/{requestType}"));
    }

    [Test]
    public void Response_schemas_require_every_property_and_request_bodies_keep_theirs_optional()
    {
        var schemas = document["components"]!["schemas"]!.AsObject();
        // The service writes every property of what it answers, null or not, so every one is required there.
        var answered = ReferencedSchemas(
            from o in Operations()
            from response in o.Operation["responses"]!.AsObject()
            where response.Key.StartsWith('2')
            select response.Value!, schemas);

        Assert.That(answered, Is.SupersetOf(new[] { "Session", "CreateSessionResponse", "HealthResponse", "StorageReport", "HighScore" }));
        Assert.Multiple(() =>
        {
            foreach (var name in answered)
            {
                var properties = schemas[name]!["properties"]?.AsObject().Select(p => p.Key).ToList() ?? [];
                var required = schemas[name]!["required"]?.AsArray().Select(r => (string)r!).ToList() ?? [];
                Assert.That(required, Is.EquivalentTo(properties), $"{name} lists as required");
            }
            Assert.That(schemas["Session"]!["properties"]!["score"]!["type"]!.ToJsonString(), Does.Contain("null"), "Session.score can be null");
            foreach (var request in new[] { "CreateSession", "UpdateSession", "CompleteSession" })
                Assert.That(schemas[request]!["required"]?.AsArray(), Is.Null.Or.Empty, $"{request} requires");
        });
    }

    /// <summary>The component schemas the nodes refer to, and those they refer to in turn.</summary>
    private static HashSet<string> ReferencedSchemas(IEnumerable<JsonNode> nodes, JsonObject schemas)
    {
        const string prefix = "#/components/schemas/";
        var found = new HashSet<string>();
        var pending = new Stack<JsonNode>(nodes);
        while (pending.TryPop(out var node))
        {
            if (node is JsonArray array)
                foreach (var item in array.OfType<JsonNode>()) pending.Push(item);
            if (node is not JsonObject obj) continue;
            foreach (var (key, value) in obj)
            {
                if (key == "$ref" && value?.GetValue<string>() is { } reference && reference.StartsWith(prefix, StringComparison.Ordinal))
                {
                    var name = reference[prefix.Length..];
                    if (found.Add(name)) pending.Push(schemas[name]!);
                }
                else if (value is not null) pending.Push(value);
            }
        }
        return found;
    }

    [Test]
    public void Parameters_are_named_as_clients_write_them()
    {
        var names = Operations().SelectMany(o => o.Operation["parameters"]?.AsArray() ?? []).Select(p => (string)p!["name"]!).Distinct().ToList();

        Assert.That(names, Is.SupersetOf(new[] { "id", "status", "playerName", "skip", "take", "table", "orderBy", "desc", "filter", "format" }));
        Assert.That(names, Has.All.Matches<string>(n => char.IsLower(n[0])));
    }

    [Test]
    public void Metadata_is_described_as_an_object_with_any_properties()
    {
        Assert.That(document["components"]!["schemas"]!["JsonObject"]!.ToJsonString(),
            Does.Contain("\"type\":\"object\"").And.Contain("\"additionalProperties\":{}"));
    }

    [Test]
    public void The_two_credentials_are_security_schemes()
    {
        var schemes = document["components"]!["securitySchemes"]!;

        Assert.That(schemes["SessionToken"]!.ToJsonString(), Does.Contain("\"type\":\"http\"").And.Contain("\"scheme\":\"bearer\""));
        Assert.That(schemes["AdminKey"]!.ToJsonString(), Does.Contain("\"type\":\"apiKey\"").And.Contain("\"name\":\"X-Admin-Key\"").And.Contain("\"in\":\"header\""));
    }

    [Test]
    public void Each_operation_asks_for_exactly_the_credential_it_needs()
    {
        // An open operation says so with an empty list: no security at all would read as "not described".
        var credentials = Operations().ToDictionary(
            o => (string)o.Operation["operationId"]!,
            o => o.Operation["security"] is JsonArray requirements
                ? string.Join(",", requirements.SelectMany(r => r!.AsObject().Select(s => s.Key)))
                : "(no security listed)");

        Assert.Multiple(() =>
        {
            foreach (var write in new[] { "UpdateSession", "CompleteSession", "AbandonSession" })
                Assert.That(credentials[write], Is.EqualTo("SessionToken"), write);
            foreach (var open in new[] { "CreateSession", "GetSession", "QuerySessions", "GetStats", "GetHighScores", "GetLiveness", "GetReadiness" })
                Assert.That(credentials[open], Is.Empty, open);
            foreach (var (method, path, operation) in Operations().Where(o => o.Path.StartsWith("/api/admin/", StringComparison.Ordinal)))
                Assert.That(credentials[(string)operation["operationId"]!], Is.EqualTo("AdminKey"), $"{method} {path}");
        });
    }

    [Test]
    public async Task The_explorer_at_ui_loads_only_from_this_server()
    {
        using var page = await Client.Http.GetAsync("ui/");
        var html = await page.Content.ReadAsStringAsync();
        using var script = await Client.Http.GetAsync("ui/scalar.js");

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain("SessionStore API explorer").And.Not.Contain("https://").And.Not.Contain("http://"));
        Assert.That(script.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(script.Content.Headers.ContentLength ?? (await script.Content.ReadAsByteArrayAsync()).Length, Is.GreaterThan(100_000));
    }
}
