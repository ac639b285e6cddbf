using System.Net;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json.Nodes;

namespace SessionStore.Client.Tests;

/// <summary>
/// Every operation of the typed C# client, built for netstandard2.1 as a Unity or Godot game references it, against the
/// real service: routes, query values, bodies, credentials and errors all come from the request DTOs.
/// </summary>
public sealed class ClientTests
{
    private const string AdminKey = "client-tests-admin-key-0123456789abcdef";
    private TemporaryDirectory data = null!;
    private ServiceProcess service = null!;
    private SessionStoreClient client = null!;
    private SessionStoreClient admin = null!;

    [OneTimeSetUp]
    public async Task StartService()
    {
        data = new TemporaryDirectory();
        service = await ServiceProcess.StartAsync(BuiltService.DllPath, data.Path, new Dictionary<string, string>
        {
            ["Admin__ApiKey"] = AdminKey,
            ["RateLimits__SessionCreates__PermitLimit"] = "100000",
            ["RateLimits__SessionWrites__PermitLimit"] = "100000",
        });
        client = new SessionStoreClient(service.Http);
        admin = new SessionStoreClient(service.Http) { AdminKey = AdminKey };
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        await service.DisposeAsync();
        data.Dispose();
    }

    [Test]
    public void The_client_and_its_contract_under_test_are_the_netstandard2_1_builds()
    {
        string? FrameworkOf(Type type) => type.Assembly.GetCustomAttributes(typeof(TargetFrameworkAttribute), false)
            .OfType<TargetFrameworkAttribute>().SingleOrDefault()?.FrameworkName;

        Assert.That(FrameworkOf(typeof(SessionStoreClient)), Is.EqualTo(".NETStandard,Version=v2.1"));
        Assert.That(FrameworkOf(typeof(CreateSession)), Is.EqualTo(".NETStandard,Version=v2.1"));
    }

    [Test]
    public async Task A_session_lives_its_whole_life_through_the_client()
    {
        var game = "client-" + Guid.NewGuid().ToString("N")[..8];
        var created = await client.CreateSessionAsync(new CreateSession { PlayerName = "Ann", Game = game, Metadata = new JsonObject { ["level"] = 1 } });
        var id = created.Session.Id;

        var updated = await client.UpdateSessionAsync(new UpdateSession { Id = id, Score = 40, Metadata = new JsonObject { ["level"] = 2 } }, created.Token);
        var active = await client.QuerySessionsAsync(new QuerySessions(Status: SessionStatus.Active, Game: game));
        var completed = await client.CompleteSessionAsync(new CompleteSession { Id = id, Score = 50 }, created.Token);
        var read = await client.GetSessionAsync(new GetSession { Id = id });
        var board = await client.GetHighScoresAsync(new GetHighScores(game));
        var done = await client.QuerySessionsAsync(new QuerySessions(Status: SessionStatus.Completed, Game: game));

        Assert.Multiple(() =>
        {
            Assert.That(updated.Metadata?["level"]?.GetValue<int>(), Is.EqualTo(2));
            Assert.That(active.Results.Select(s => s.Id), Is.EqualTo(new[] { id }));
            Assert.That((completed.Status, completed.Score), Is.EqualTo((SessionStatus.Completed, (long?)50)));
            Assert.That(read, Is.EqualTo(completed with { Metadata = read.Metadata }));
            Assert.That(board.Results.Select(h => (h.PlayerName, h.Score)), Is.EqualTo(new[] { ("Ann", 50L) }));
            Assert.That(done.Total, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Abandoning_and_reading_stats_go_through_the_client()
    {
        var before = await client.GetStatsAsync(new GetStats());
        var created = await client.CreateSessionAsync(new CreateSession());

        var abandoned = await client.AbandonSessionAsync(new AbandonSession { Id = created.Session.Id }, created.Token);
        var after = await client.GetStatsAsync(new GetStats());

        Assert.That(abandoned.Status, Is.EqualTo(SessionStatus.Abandoned));
        Assert.That(after.Sessions.Abandoned, Is.EqualTo(before.Sessions.Abandoned + 1));
    }

    [Test]
    public async Task The_service_s_problems_arrive_as_exceptions_that_carry_them()
    {
        var created = await client.CreateSessionAsync(new CreateSession());

        var missing = Assert.ThrowsAsync<SessionStoreApiException>(() => client.GetSessionAsync(new GetSession { Id = Guid.NewGuid() }));
        var wrongToken = Assert.ThrowsAsync<SessionStoreApiException>(() => client.UpdateSessionAsync(new UpdateSession { Id = created.Session.Id, Score = 1 }, "not-its-token"));
        var invalid = Assert.ThrowsAsync<SessionStoreApiException>(() => client.CreateSessionAsync(new CreateSession { PlayerName = new string('x', 40) }));
        var noKey = Assert.ThrowsAsync<SessionStoreApiException>(() => client.GetStorageAsync(new GetStorage()));

        Assert.Multiple(() =>
        {
            Assert.That(missing!.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(wrongToken!.Status, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(invalid!.Problem?.Errors?.Keys, Is.EqualTo(new[] { "playerName" }));
            Assert.That(noKey!.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task The_admin_operations_go_through_the_client_with_its_key()
    {
        await client.CreateSessionAsync(new CreateSession { PlayerName = "Admin test" });

        var storage = await admin.GetStorageAsync(new GetStorage());
        var backup = await admin.CreateBackupAsync(new CreateBackup());
        var backups = await admin.ListBackupsAsync(new ListBackups());
        using var downloaded = new MemoryStream();
        await admin.DownloadBackupAsync(new GetBackup { Name = backup.Name }, downloaded);
        var tables = await admin.ListTablesAsync(new ListTables());
        var rows = await admin.QueryTableRowsAsync(new QueryTableRows("sessions", OrderBy: "player_name", Desc: true, Filter: ["player_name:eq:Admin test"]));
        using var exported = new MemoryStream();
        await admin.ExportTableRowsAsync(new ExportTableRows("sessions", ExportFormat.Json, Filter: ["player_name:eq:Admin test"]), exported);
        var acknowledged = await admin.AcknowledgeRecoveryAsync(new AcknowledgeRecovery());

        Assert.Multiple(() =>
        {
            Assert.That(storage.Provider, Is.EqualTo(StorageProvider.Sqlite));
            Assert.That(backups.Select(b => b.Name), Does.Contain(backup.Name));
            Assert.That(Encoding.ASCII.GetString(downloaded.ToArray(), 0, 15), Is.EqualTo("SQLite format 3"));
            Assert.That(tables.Tables.Select(t => t.Name), Does.Contain("sessions"));
            Assert.That(rows.Rows.Select(r => (string?)r["player_name"]), Is.EqualTo(new[] { "Admin test" }));
            Assert.That(JsonNode.Parse(exported.ToArray())!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(acknowledged, Is.Empty);
        });
    }

    [Test]
    public async Task The_request_log_is_read_through_the_client_by_status_class()
    {
        Assert.CatchAsync<SessionStoreApiException>(() => client.GetSessionAsync(new GetSession { Id = Guid.NewGuid() }));

        var clientErrors = await Eventually(() => admin.QueryRequestLogAsync(new QueryRequestLog(Status: StatusClass.ClientError)), page => page.Total > 0);
        var timeline = await admin.GetRequestTimelineAsync(new GetRequestTimeline());

        Assert.That(clientErrors.Results, Has.All.Matches<LoggedRequest>(r => r.Status is >= 400 and < 500));
        Assert.That(timeline.Minutes.Sum(m => m.ClientErrors), Is.GreaterThan(0));
    }

    /// <summary>The request log is written once a second: reads until it has what the test waits for.</summary>
    private static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        for (var attempt = 0; ; attempt++)
        {
            var value = await read();
            if (done(value) || attempt == 100) return value;
            await Task.Delay(100);
        }
    }
}
