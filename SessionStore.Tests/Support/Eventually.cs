namespace SessionStore.Tests.Support;

/// <summary>Polls for a state that background work reaches on its own; fails with the last value seen.</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> reached, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var value = await read();
            if (reached(value)) return value;
            if (DateTime.UtcNow > deadline) Assert.Fail($"Gave up waiting; the last value was {value}.");
            await Task.Delay(25);
        }
    }
}
