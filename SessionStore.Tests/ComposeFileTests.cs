using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>
/// The compose files as compose itself reads them (<c>config</c>, which needs no engine or image): plain
/// docker-compose.yml stays SQLite, and docker-compose.postgres.yml over it runs two replicas on one PostgreSQL
/// database whose files are in a host folder. Valid for whichever compose is installed (docker-compose 1.29 here).
/// </summary>
[Category("Container")]
public sealed class ComposeFileTests
{
    private const string Base = "docker-compose.yml";
    private const string PostgreSqlOverride = "docker-compose.postgres.yml";
    private TemporaryDirectory folders = null!;
    private string emptyEnvFile = null!;

    [OneTimeSetUp]
    public async Task NeedCompose()
    {
        await Docker.SkipOrFailWithoutAsync(await Docker.WhyComposeUnavailableAsync());
        folders = new TemporaryDirectory();
        // A .env beside the compose files on a developer's machine must not change what these tests see.
        emptyEnvFile = folders.Combine("empty.env");
        await File.WriteAllTextAsync(emptyEnvFile, "");
    }

    [OneTimeTearDown]
    public void RemoveFolders() => folders?.Dispose();

    [Test]
    public async Task Plain_compose_up_is_one_SessionStore_on_SQLite()
    {
        var config = await ConfigAsync([Base], new() { ["SESSIONSTORE_PG_PASSWORD"] = "" });

        Assert.That(await ServicesAsync([Base], []), Is.EqualTo(new[] { "sessionstore" }));
        Assert.That(config, Does.Not.Contain("PostgreSql"));
    }

    [Test]
    public async Task Metrics_have_a_port_of_their_own_that_compose_does_not_publish()
    {
        var config = await ConfigAsync([Base], []);

        Assert.That(config, Does.Match(@"Metrics__Port: '?9464'?"), "metrics on a port of their own, inside the project's network");
        Assert.That(config, Does.Not.Contain("9464:").And.Not.Contain("target: 9464"), "and not published on the host");
    }

    [TestCase(Base)]
    [TestCase(PostgreSqlOverride)]
    public async Task The_forwarded_headers_line_is_off_and_ready_to_enable(string file)
    {
        var files = file == Base ? new[] { Base } : [Base, PostgreSqlOverride];
        var variables = new Dictionary<string, string> { ["SESSIONSTORE_PG_PASSWORD"] = "a-password" };
        var enabled = files.Select(f => folders.Combine(f)).ToArray();
        foreach (var f in files)
            await File.WriteAllTextAsync(folders.Combine(f), string.Join('\n', (await File.ReadAllLinesAsync(Path.Combine(Repository.Root, f)))
                .Select(line => f == file && line.TrimStart().StartsWith("# ForwardedHeaders__", StringComparison.Ordinal) ? line.Replace("# ", "", StringComparison.Ordinal) : line)));

        var asShipped = await ConfigAsync(files, variables);
        var uncommented = (await ComposeAsync(enabled, variables, "config")).OrThrow();

        Assert.That(asShipped, Does.Not.Contain("ForwardedHeaders__"), "off as shipped");
        Assert.That(uncommented, Does.Contain("ForwardedHeaders__KnownNetworks: 172.16.0.0/12"), "one uncommented line trusts a proxy on the host");
    }

    [Test]
    public async Task The_PostgreSQL_override_runs_two_healthy_replicas_on_one_database_kept_in_a_host_folder()
    {
        var pgdata = folders.Combine("pgdata");
        var variables = new Dictionary<string, string> { ["SESSIONSTORE_PG_PASSWORD"] = "a-password", ["SESSIONSTORE_PG_DATA_DIR"] = pgdata };

        var config = await ConfigAsync([Base, PostgreSqlOverride], variables);

        Assert.Multiple(async () =>
        {
            Assert.That(await ServicesAsync([Base, PostgreSqlOverride], variables), Is.EquivalentTo(new[] { "postgres", "sessionstore", "sessionstore-2" }));
            Assert.That(Occurrences(config, "Storage__Provider: PostgreSql"), Is.EqualTo(2), "both replicas on PostgreSQL");
            Assert.That(Occurrences(config, "Host=postgres;Database=sessionstore;Username=sessionstore;Password=a-password"), Is.EqualTo(2), "both on the one database");
            Assert.That(Occurrences(config, "condition: service_healthy"), Is.EqualTo(2), "both wait for a healthy database");
            Assert.That(config, Does.Contain(pgdata).And.Contain("/var/lib/postgresql/data"), "the database's files in the host folder");
            Assert.That(config, Does.Contain("pg_isready"), "the database has a health check");
            // Compose v2 writes ports long-hand (host_ip, published), so only the port itself is in both forms.
            Assert.That(config, Does.Contain("8081"), "the second replica on a port of its own");
        });
    }

    [Test]
    public async Task The_PostgreSQL_override_will_not_start_without_a_database_password()
    {
        var refused = await ComposeAsync([Base, PostgreSqlOverride], new() { ["SESSIONSTORE_PG_PASSWORD"] = "" }, "config");

        Assert.That(refused.Succeeded, Is.False);
        Assert.That(refused.StandardError, Does.Contain("set SESSIONSTORE_PG_PASSWORD"));
    }

    private async Task<string> ConfigAsync(string[] files, Dictionary<string, string> variables) =>
        (await ComposeAsync(files, variables, "config")).OrThrow();

    private async Task<string[]> ServicesAsync(string[] files, Dictionary<string, string> variables) =>
        (await ComposeAsync(files, variables, "config", "--services")).OrThrow().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private Task<Command.Result> ComposeAsync(string[] files, Dictionary<string, string> variables, params string[] command) =>
        Docker.TryComposeAsync(variables,
            ["--env-file", emptyEnvFile, .. files.SelectMany(file => new[] { "--file", Path.IsPathRooted(file) ? file : Path.Combine(Repository.Root, file) }), .. command]);

    private static int Occurrences(string text, string part) => text.Split(part).Length - 1;
}
