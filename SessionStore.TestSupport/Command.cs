using System.ComponentModel;
using System.Diagnostics;

namespace SessionStore.TestSupport;

/// <summary>Runs a command-line program to its end and keeps what it printed.</summary>
public static class Command
{
    public sealed record Result(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
    {
        public bool Succeeded => ExitCode == 0;

        /// <summary>The output, or a failure that shows the command and what it printed.</summary>
        public string OrThrow() => Succeeded ? StandardOutput : throw new InvalidOperationException(
            $"`{CommandLine}` exited with {ExitCode}:\n{Tail(StandardError + StandardOutput)}");

        private static string Tail(string text) => text.Length <= 4000 ? text : "…" + text[^4000..];
    }

    /// <exception cref="Win32Exception">The program is not installed.</exception>
    public static async Task<Result> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var commandLine = string.Join(' ', [program, .. start.ArgumentList]);

        using var process = Process.Start(start)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromMinutes(2);
        try
        {
            await process.WaitForExitAsync().WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{commandLine}` did not finish within {limit}.");
        }
        return new Result(commandLine, process.ExitCode, await standardOutput, await standardError);
    }
}
