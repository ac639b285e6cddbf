namespace SessionStore.Tests.Support;

/// <summary>Where the build put SessionStore.dll: the host project's own output, same configuration as the tests.</summary>
public static class BuiltService
{
    public static string DllPath { get; } = Locate();

    private static string Locate()
    {
        // The tests run from SessionStore.Tests/bin/<Configuration>/<tfm>/; the host builds to the same place in SessionStore/.
        var outputBelowProject = Path.GetRelativePath(Path.Combine(Repository.Root, "SessionStore.Tests"), AppContext.BaseDirectory);
        var dll = Path.Combine(Repository.Root, "SessionStore", outputBelowProject, "SessionStore.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first; SessionStore.dll is missing.", dll);
    }
}
