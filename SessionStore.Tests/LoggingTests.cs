using System.Text.Json;
using SessionStore.Tests.Support;

namespace SessionStore.Tests;

/// <summary>Console logs as container log drivers want them: one JSON object per line.</summary>
[NonParallelizable]
public sealed class LoggingTests
{
    private static readonly Dictionary<string, string> Json = new() { ["Logging__Console__FormatterName"] = "json" };

    [Test]
    public async Task With_the_json_formatter_every_log_line_is_a_JSON_object()
    {
        using var directory = new TemporaryDirectory();
        await using var service = await TestProcesses.StartAsync(directory.Path, Json);
        await service.Client.CreateSessionAsync(new CreateSession());
        Assert.That(await service.StopAsync(), Is.Zero);

        var lines = service.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();

        Assert.That(entries.Select(e => e.GetProperty("Message").GetString()), Has.Some.StartsWith("Now listening on: http://127.0.0.1:"));
        Assert.That(entries, Has.All.Matches<JsonElement>(e => e.TryGetProperty("LogLevel", out _) && e.TryGetProperty("Category", out _)));
    }

    [Test]
    public async Task The_startup_failure_sentence_is_a_JSON_log_entry_too()
    {
        using var directory = new TemporaryDirectory();
        var notADirectory = directory.Combine("data");
        await File.WriteAllTextAsync(notADirectory, "a file");

        var (exitCode, output) = await TestProcesses.RunUntilExitAsync(notADirectory, Json);

        var critical = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Single(e => e.GetProperty("LogLevel").GetString() == "Critical");
        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(critical.GetProperty("Message").GetString(), Does.StartWith($"SessionStore cannot start: The data directory {notADirectory} is a file"));
    }
}
