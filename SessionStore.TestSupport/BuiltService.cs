namespace SessionStore.TestSupport;

/// <summary>Where the build put SessionStore.dll: the host project's own output, in the same configuration as the caller.</summary>
public static class BuiltService
{
    public static string DllPath { get; } = Locate();

    private static string Locate()
    {
        // The caller runs from <its project>/bin/<Configuration>/<tfm>/; the host builds to the same place below SessionStore/.
        var project = new DirectoryInfo(AppContext.BaseDirectory);
        while (project.Parent is { } parent && !string.Equals(parent.FullName.TrimEnd('/'), Repository.Root.TrimEnd('/'), StringComparison.Ordinal))
            project = parent;
        var outputBelowProject = Path.GetRelativePath(project.FullName, AppContext.BaseDirectory);
        var dll = Path.Combine(Repository.Root, "SessionStore", outputBelowProject, "SessionStore.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first; SessionStore.dll is missing.", dll);
    }
}
