namespace SessionStore.ServiceInterface.Storage;

/// <summary>SQLite's durability level (PRAGMA synchronous): Full survives power loss; Normal may lose the last commits on power loss.</summary>
public enum SynchronousMode
{
    Normal,
    Full,
}
