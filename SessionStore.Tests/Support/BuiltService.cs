namespace SessionStore.Tests.Support;

/// <summary>Where the build put SessionStore.dll: the host project's own output, same configuration as the tests.</summary>
public static class BuiltService
{
    public static string DllPath { get; } = Locate();

    private static string Locate()
    {
        var testOutput = AppContext.BaseDirectory;
        var repository = new DirectoryInfo(testOutput);
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "SessionStore.slnx")))
            repository = repository.Parent;
        if (repository is null) throw new InvalidOperationException($"No SessionStore.slnx above {testOutput}.");
        // The tests run from SessionStore.Tests/bin/<Configuration>/<tfm>/; the host builds to the same place in SessionStore/.
        var outputBelowProject = Path.GetRelativePath(Path.Combine(repository.FullName, "SessionStore.Tests"), testOutput);
        var dll = Path.Combine(repository.FullName, "SessionStore", outputBelowProject, "SessionStore.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first; SessionStore.dll is missing.", dll);
    }
}
