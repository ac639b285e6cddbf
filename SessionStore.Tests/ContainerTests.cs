using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>
/// The Dockerfile and docker-compose.yml on a real Docker engine, run the way the README tells an
/// operator to: the database in a host folder owned by UID 1654, bind-mounted at /data.
/// With no engine they are skipped, and say why; with SESSIONSTORE_CONTAINER_TESTS=required (CI) they fail instead.
/// </summary>
[Category("Container")]
[NonParallelizable]
public sealed class ContainerTests
{
    private const int Sessions = 12;
    private string? image;

    [OneTimeSetUp]
    public async Task BuildTheImage()
    {
        await Docker.SkipOrFailWithoutAsync(await Docker.WhyUnavailableAsync());
        image = $"sessionstore-test-{Guid.NewGuid().ToString("N")[..8]}";
        await Docker.BuildAsync(image, Repository.Root);
    }

    [OneTimeTearDown]
    public async Task RemoveTheImage()
    {
        if (image is not null) await Docker.TryAsync("image", "rm", image);
    }

    [Test]
    public async Task The_container_turns_healthy_and_keeps_its_database_in_the_host_folder()
    {
        using var data = await HostFolderOwnedByTheServiceUserAsync();

        await using var container = await SessionStoreContainer.RunAsync(image!, data.Path);

        Assert.That(await container.WaitWhileStartingAsync(), Is.EqualTo(SessionStoreContainer.Healthy), await container.LogsAsync());
        Assert.That(File.Exists(data.Combine("sessionstore.db")), "the database is in the host folder");
        Assert.That(await OwnerOf(data.Combine("sessionstore.db")), Is.EqualTo("1654"), "the service runs as the image's non-root user");
    }

    [Test]
    public async Task Every_session_and_the_stats_survive_docker_rm_f_and_a_new_container_on_the_same_folder()
    {
        using var data = await HostFolderOwnedByTheServiceUserAsync();
        Snapshot before;
        await using (var first = await StartHealthyAsync(data.Path))
        {
            before = await StoreSessionsAsync(first);
            await first.RemoveForcedAsync();
        }

        await using var second = await StartHealthyAsync(data.Path);
        var after = await Snapshot.TakeAsync(second.Client);

        AssertSameData(after, before);
    }

    [Test]
    public async Task Compose_keeps_every_session_across_an_upgrade_with_force_recreate_and_across_down_and_up()
    {
        using var data = await HostFolderOwnedByTheServiceUserAsync();
        var adminKey = Guid.NewGuid().ToString("N");
        await using var compose = new ComposeProject($"{image}-compose", data.Path, adminKey);

        await compose.UpAsync("--build");
        await using var first = await compose.HealthyContainerAsync();
        var before = await StoreSessionsAsync(first);

        // The README's upgrade: rebuild the image and replace the container.
        await compose.UpAsync("--build", "--force-recreate");
        await using var recreated = await compose.HealthyContainerAsync();
        Assert.That(recreated.Id, Is.Not.EqualTo(first.Id), "compose replaced the container");
        AssertSameData(await Snapshot.TakeAsync(recreated.Client), before);

        await compose.DownAsync();
        await compose.UpAsync();
        await using var afterDown = await compose.HealthyContainerAsync();
        AssertSameData(await Snapshot.TakeAsync(afterDown.Client), before);

        Assert.That(await afterDown.InspectAsync("{{.HostConfig.RestartPolicy.Name}}"), Is.EqualTo("unless-stopped"));
        Assert.That(await afterDown.InspectAsync("{{json .Config.Env}}"), Does.Contain($"Admin__ApiKey={adminKey}"),
            "the admin key from the environment (or .env) reaches the service");
    }

    [Test]
    public async Task Docker_stop_checkpoints_the_WAL_so_a_copy_of_the_folder_is_a_complete_backup()
    {
        using var data = await HostFolderOwnedByTheServiceUserAsync();
        Snapshot before;
        await using (var container = await StartHealthyAsync(data.Path))
        {
            before = await StoreSessionsAsync(container);
            Assert.That(await container.StopAsync(), Is.Zero, $"SIGTERM reached dotnet and it shut down cleanly:\n{await container.LogsAsync()}");
        }
        var wal = new FileInfo(data.Combine("sessionstore.db-wal"));
        Assert.That(!wal.Exists || wal.Length == 0, $"the WAL is empty or gone, but it has {(wal.Exists ? wal.Length : 0)} bytes");

        // The README's backup: cp -a of the stopped folder, ownership included.
        using var backups = new TemporaryDirectory();
        var backup = backups.Combine("backup");
        (await Command.RunAsync("cp", ["-a", data.Path, backup])).OrThrow();
        await using var restored = await StartHealthyAsync(backup);

        AssertSameData(await Snapshot.TakeAsync(restored.Client), before);
    }

    [Test]
    public async Task A_host_folder_the_service_user_cannot_write_stops_the_container_with_one_sentence_giving_the_chown()
    {
        using var data = new TemporaryDirectory(); // owned by the user running the tests, not by 1654

        await using var container = await SessionStoreContainer.RunAsync(image!, data.Path);
        var exitCode = await container.WaitForExitAsync();
        var logs = await container.LogsAsync();

        Assert.That(exitCode, Is.EqualTo(1), logs);
        Assert.That(logs, Does.Contain("The data directory /data is not writable by user id 1654 ("));
        Assert.That(logs, Does.Contain("; give that user write access, for example: sudo chown -R 1654:1654 <the host folder mounted there>."));
        Assert.That(logs, Does.Not.Match(@"(?m)^\s+at \S+\(.*\)"), "no stack trace");
    }

    private async Task<SessionStoreContainer> StartHealthyAsync(string hostFolder)
    {
        var container = await SessionStoreContainer.RunAsync(image!, hostFolder);
        await container.WaitUntilHealthyAsync();
        return container;
    }

    /// <summary>Creates sessions and completes some over HTTP; returns everything the API then reads back.</summary>
    private static async Task<Snapshot> StoreSessionsAsync(SessionStoreContainer container)
    {
        await Workload.PlayAsync(container.Client, Sessions);
        return await Snapshot.TakeAsync(container.Client);
    }

    /// <summary>A fresh host folder, prepared as the README says: <c>chown 1654:1654</c>.</summary>
    private static async Task<TemporaryDirectory> HostFolderOwnedByTheServiceUserAsync()
    {
        var folder = new TemporaryDirectory();
        (await Command.RunAsync("chown", ["1654:1654", folder.Path])).OrThrow();
        return folder;
    }

    private static async Task<string> OwnerOf(string path) =>
        (await Command.RunAsync("stat", ["--format", "%u", path])).OrThrow().Trim();

    private static void AssertSameData(Snapshot after, Snapshot before)
    {
        Assert.That(before.Stats.Total, Is.EqualTo(Sessions), "the workload really stored sessions");
        Assert.Multiple(() =>
        {
            Assert.That(after.Sessions, Is.EqualTo(before.Sessions), "every session, field by field");
            Assert.That(after.Stats, Is.EqualTo(before.Stats), "the stats");
            Assert.That(after.HighScores, Is.EqualTo(before.HighScores), "the high scores");
        });
    }
}
