using System.Net;
using SessionStore.ServiceInterface.Storage;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>
/// The storage endpoints of a service whose data is in PostgreSQL: the report describes the server, and the SQLite-only
/// features (backups) answer a problem that says what to use instead, never a 500.
/// </summary>
public sealed class PostgreSqlStorageTests() : ServiceFixture(StorageProvider.PostgreSql)
{
    private const string AdminKey = "postgresql-storage-admin-key-0123456789abcdef";
    private SessionStoreClient admin = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Admin:ApiKey"] = AdminKey };

    protected override async Task OnStartedAsync()
    {
        admin = Service.Client(AdminKey);
        await Workload.PlayAsync(Client, 5);
    }

    [Test]
    public async Task The_storage_report_names_the_provider_the_server_and_the_database_size_and_no_password()
    {
        var report = await admin.GetStorageAsync(new GetStorage());

        Assert.Multiple(() =>
        {
            Assert.That(report.Provider, Is.EqualTo(StorageProvider.PostgreSql));
            Assert.That(report.ServerVersion, Does.Match(@"^\d+(\.\d+)?"));
            Assert.That(report.DatabasePath, Does.Match(@"^postgresql://127\.0\.0\.1:\d+/sessionstore_test_[0-9a-f]+$"));
            Assert.That(report.SizeBytes, Is.GreaterThan(0));
            Assert.That(report.SchemaVersion, Is.EqualTo(DatabaseMigrator.NewestVersion));
            Assert.That(report.Synchronous, Is.EqualTo("on"), "synchronous_commit: a commit is on disk before it is acknowledged");
            Assert.That(report.WalSizeBytes, Is.Null);
            Assert.That(report.JournalMode, Is.Null);
            Assert.That(report.LastBackup, Is.Null);
            Assert.That(report.RecoveryEvents, Is.Empty);
        });
    }

    [Test]
    public void Listing_backups_is_a_problem_that_points_to_PostgreSQLs_tools() =>
        AssertPointsToPostgreSqlTools(() => admin.ListBackupsAsync(new ListBackups()));

    [Test]
    public void Taking_a_backup_is_a_problem_that_points_to_PostgreSQLs_tools() =>
        AssertPointsToPostgreSqlTools(() => admin.CreateBackupAsync(new CreateBackup()));

    [Test]
    public void Downloading_a_backup_is_a_problem_that_points_to_PostgreSQLs_tools() =>
        AssertPointsToPostgreSqlTools(() => admin.DownloadBackupAsync(new GetBackup { Name = "sessionstore-20260101T000000.000Z.db" }, Stream.Null));

    [Test]
    public async Task Connections_the_server_drops_are_a_503_then_replaced_and_nothing_half_written_stays()
    {
        await using var storage = await TestStorage.CreateAsync(StorageProvider.PostgreSql);
        await using var service = storage.StartInProcess();
        var client = service.Client();
        var before = await client.CreateSessionAsync(new CreateSession { PlayerName = "before" });

        // What a server restart or failover does to every open connection: SQLSTATE 57P01, "terminating connection".
        await PostgreSqlTestServer.Server.ExecuteAsync(
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{new Npgsql.NpgsqlConnectionStringBuilder(storage.ConnectionString).Database}'");
        var refused = Assert.ThrowsAsync<SessionStoreApiException>(() => client.UpdateSessionAsync(new UpdateSession { Id = before.Session.Id, Score = 7 }, before.Token))!;
        // Every pooled connection died with it: each answers 503 once as it is found broken and replaced.
        var after = await OnceServedAsync(() => client.CreateSessionAsync(new CreateSession { PlayerName = "after" }));
        var beforeNow = await OnceServedAsync(() => client.GetSessionAsync(new GetSession { Id = before.Session.Id }));
        var afterNow = await OnceServedAsync(() => client.GetSessionAsync(new GetSession { Id = after.Session.Id }));

        Assert.Multiple(() =>
        {
            Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), refused.Message);
            Assert.That(refused.Problem?.Detail, Does.Contain("PostgreSQL"));
            Assert.That(beforeNow.Score, Is.Null, "the refused update was not stored");
            Assert.That(afterNow.PlayerName, Is.EqualTo("after"));
        });
    }

    /// <summary>The answer once the call stops meeting 503 (and only 503) from a storage that is coming back.</summary>
    private static async Task<T> OnceServedAsync<T>(Func<Task<T>> call) where T : class =>
        (await Eventually.Until(async () =>
        {
            try
            {
                return await call();
            }
            catch (SessionStoreApiException e) when (e.Status == HttpStatusCode.ServiceUnavailable)
            {
                return null;
            }
        }, answer => answer is not null))!;

    private static void AssertPointsToPostgreSqlTools(AsyncTestDelegate call)
    {
        var refused = Assert.ThrowsAsync<SessionStoreApiException>(call)!;
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(refused.Problem?.Detail, Does.Contain("belong to SQLite mode").And.Contain("pg_dump").And.Contain("point-in-time recovery"));
    }
}
