using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using SessionStore.ServiceInterface.Storage;
using SessionStore.Tests.Support;
using SessionStore.ServiceInterface.Storage.Sqlite;

namespace SessionStore.Tests;

/// <summary>Faults of the machine, not the data: a full disk, a lock held by another process, a second instance, a network filesystem.</summary>
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class EnvironmentFaultTests
{
    [Test]
    public async Task A_full_disk_refuses_writes_with_a_503_problem_keeps_reads_working_and_recovers_when_space_returns()
    {
        using var directory = new TemporaryDirectory();
        var smallDisk = directory.Combine("small-disk");
        Directory.CreateDirectory(smallDisk);
        if (await RunAsync("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", smallDisk) is { ExitCode: not 0 } refused)
            Assert.Ignore($"This machine does not let the test mount a size-limited tmpfs ({refused.Output.Trim()}), so the full disk is not tested here.");
        try
        {
            // A real process: if SQLite mishandled the full disk, it would take only that process down, not the test run.
            await using var service = await TestProcesses.StartAsync(smallDisk);
            var client = service.Client;
            var stored = new List<Guid>();
            for (var i = 0; i < 5; i++) stored.Add((await client.CreateSessionAsync(new CreateSession { PlayerName = $"before{i}" })).Session.Id);

            var filler = Path.Combine(smallDisk, "filler");
            FillTheDisk(filler);
            var refusal = await WriteUntilRefusedAsync(client, stored);
            var readsWhileFull = await client.QuerySessionsAsync(new QuerySessions(Take: Limits.MaxQueryTake));
            File.Delete(filler);
            var afterSpaceReturned = await client.CreateSessionAsync(new CreateSession { PlayerName = "after" });
            stored.Add(afterSpaceReturned.Session.Id);
            var sessions = await client.QuerySessionsAsync(new QuerySessions(Take: Limits.MaxQueryTake));

            Assert.Multiple(() =>
            {
                Assert.That(refusal.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That(refusal.Problem?.Detail, Does.Contain("The disk holding the database is full."));
                Assert.That(readsWhileFull.Results.Select(s => s.Id), Is.SupersetOf(stored.SkipLast(1)), "reads keep working while the disk is full");
                Assert.That(sessions.Results.Select(s => s.Id), Is.EquivalentTo(stored), "every acknowledged write is there, and nothing else");
            });
            Assert.That(service.Output, Does.Not.Match(@"(?m)^\s+at \S+\(.*\)"), "the log says it in a sentence, without a stack trace");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            await RunAsync("umount", "--lazy", smallDisk);
        }
    }

    [Test]
    public async Task A_database_locked_by_another_process_refuses_writes_with_503_keeps_reads_and_recovers_when_released()
    {
        using var directory = new TemporaryDirectory();
        await using var service = new InProcessService(directory.Path, new Dictionary<string, string?> { ["Storage:BusyTimeout"] = "00:00:00.200" });
        var client = service.Client();
        var before = await client.CreateSessionAsync(new CreateSession { PlayerName = "before" });

        SessionStoreApiException refusal;
        using (var otherProcess = new SqliteConnection($"Data Source={service.DatabasePath};Pooling=False"))
        {
            otherProcess.Open();
            using var hold = otherProcess.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false); // BEGIN IMMEDIATE: the write lock
            refusal = Assert.ThrowsAsync<SessionStoreApiException>(() => client.CreateSessionAsync(new CreateSession { PlayerName = "while locked" }))!;
            Assert.That((await client.GetSessionAsync(new GetSession { Id = before.Session.Id })).PlayerName, Is.EqualTo("before"), "reads go on");
        }
        var after = await client.CreateSessionAsync(new CreateSession { PlayerName = "after" });

        Assert.That(refusal.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(refusal.Problem?.Detail, Does.Contain("locked by another connection or process"));
        Assert.That((await client.GetStatsAsync(new GetStats())).Sessions.Total, Is.EqualTo(2));
        Assert.That(after.Session.PlayerName, Is.EqualTo("after"));
    }

    [Test]
    public async Task A_second_service_on_the_same_data_directory_stops_with_one_sentence()
    {
        using var directory = new TemporaryDirectory();
        await using var first = await TestProcesses.StartAsync(directory.Path);

        var (exitCode, output) = await TestProcesses.RunUntilExitAsync(directory.Path);

        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(output, Does.Contain($"SessionStore cannot use the data directory {directory.Path}: another SessionStore process holds it"));
        Assert.That(output, Does.Not.Match(@"(?m)^\s+at \S+\(.*\)"));
        Assert.That((await Readiness.ReadAsync(first.Http)).Status, Is.EqualTo(HealthStatus.Healthy), "the first one is untouched");
    }

    [TestCase("/data", "nfs4", "/data", TestName = "A directory that is an NFS mount is on a network filesystem")]
    [TestCase("/srv/game/data", "cifs", "/srv/game", TestName = "A directory below an SMB mount is on a network filesystem")]
    [TestCase("/mnt/with space/data", "fuse.sshfs", "/mnt/with space", TestName = "A mount point with an escaped space is matched")]
    public void A_network_filesystem_is_recognised_from_the_mount_table(string dataDirectory, string type, string mountPoint)
    {
        var mounts = $"""
            overlay / overlay rw,relatime 0 0
            server:/export {mountPoint.Replace(" ", "\\040", StringComparison.Ordinal)} {type} rw,relatime 0 0
            /dev/sda1 /srv ext4 rw,relatime 0 0
            """;

        Assert.That(MountedFileSystems.NetworkFileSystemOf(dataDirectory, mounts), Is.EqualTo((type, mountPoint)));
    }

    [Test]
    public void A_local_filesystem_mounted_below_a_network_one_is_local()
    {
        const string mounts = "server:/export /srv nfs4 rw 0 0\n/dev/sdb1 /srv/local ext4 rw 0 0\ntmpfs /srv/localish tmpfs rw 0 0\n";

        Assert.That(MountedFileSystems.NetworkFileSystemOf("/srv/local/data", mounts), Is.Null);
        Assert.That(MountedFileSystems.NetworkFileSystemOf("/srv/localish-not-a-child", mounts), Is.EqualTo(("nfs4", "/srv")));
    }

    /// <summary>Writes sessions with metadata until the service refuses one for the full disk; each acknowledged one is kept in <paramref name="stored"/>.</summary>
    private static async Task<SessionStoreApiException> WriteUntilRefusedAsync(SessionStoreClient client, List<Guid> stored)
    {
        var metadata = new System.Text.Json.Nodes.JsonObject { ["padding"] = new string('x', 3000) };
        for (var i = 0; i < 2000; i++)
        {
            try
            {
                stored.Add((await client.CreateSessionAsync(new CreateSession { PlayerName = "filling", Metadata = metadata.DeepClone().AsObject() })).Session.Id);
            }
            catch (SessionStoreApiException e) when (e.Status == HttpStatusCode.ServiceUnavailable)
            {
                return e;
            }
        }
        Assert.Fail("The service kept taking writes on a full disk.");
        return null!;
    }

    /// <summary>Unbuffered writes, in smaller and smaller pieces, until not one more byte fits.</summary>
    private static void FillTheDisk(string filler)
    {
        using var stream = new FileStream(filler, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        foreach (var size in new[] { 64 * 1024, 4096, 512, 1 })
        {
            var chunk = new byte[size];
            try
            {
                while (true) stream.Write(chunk);
            }
            catch (IOException)
            {
                // no space left for a piece this big
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
