using System.Net;
using System.Net.Sockets;

namespace Connector.TestKit;

public static class FreePort
{
    /// <summary>A loopback port nobody is listening on right now.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
