namespace SessionStore.TestSupport;

/// <summary>The repository the tests were built from: the folder that holds SessionStore.slnx.</summary>
public static class Repository
{
    public static string Root { get; } = Locate();

    private static string Locate()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SessionStore.slnx")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException($"No SessionStore.slnx above {AppContext.BaseDirectory}.");
    }
}
