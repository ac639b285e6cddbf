using System.Diagnostics;

namespace SessionStore.Benchmarks.Http;

/// <summary>
/// SessionStore as it ships: <c>dotnet publish -c Release</c> of the host project into
/// SessionStore.Benchmarks/bin/published-service, done once per benchmark run so it is always this tree's code.
/// </summary>
public static class PublishedService
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Directory => Path.Combine(RepositoryRoot, "SessionStore.Benchmarks", "bin", "published-service");

    public static string DllPath => Path.Combine(Directory, "SessionStore.dll");

    public static async Task PublishAsync()
    {
        Console.WriteLine($"dotnet publish SessionStore -c Release -o {Directory}");
        var start = new ProcessStartInfo("dotnet", ["publish", Path.Combine(RepositoryRoot, "SessionStore", "SessionStore.csproj"),
            "-c", "Release", "-o", Directory, "-nologo", "-v", "quiet"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var publish = Process.Start(start)!;
        var output = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0) throw new InvalidOperationException($"dotnet publish failed:\n{await output}\n{await errors}");
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SessionStore.slnx"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException($"No SessionStore.slnx above {AppContext.BaseDirectory}.");
    }
}
