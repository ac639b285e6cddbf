namespace SessionStore.TestSupport;

public static class LoopbackPort
{
    /// <summary>A TCP port on loopback that nothing listens on right now.</summary>
    public static int Free()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
