namespace SessionStore.Tests.Support;

/// <summary>A test class whose every test starts with a fresh, empty data directory, deleted after it.</summary>
public abstract class DataDirectoryPerTest
{
    protected TemporaryDirectory DataFolder { get; private set; } = null!;

    [SetUp]
    public void NewDataDirectory() => DataFolder = new TemporaryDirectory();

    [TearDown]
    public void RemoveDataDirectory() => DataFolder.Dispose();
}
