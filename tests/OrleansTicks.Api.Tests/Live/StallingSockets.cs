using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using OrleansTicks.TestKit;

namespace OrleansTicks.Api.Tests.Live;

/// <summary>WebSocket clients with a tiny kernel receive buffer: once such a client stops reading, the server's writes
/// back up after a few kilobytes instead of megabytes.</summary>
public static class StallingSockets
{
    /// <summary>Connects a WebSocket to <paramref name="url"/>; dispose the invoker after the socket.</summary>
    public static async Task<(ClientWebSocket Socket, HttpMessageInvoker Invoker)> ConnectAsync(Uri url)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096, NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var invoker = new HttpMessageInvoker(handler);
        var socket = new ClientWebSocket();
        socket.Options.HttpVersion = HttpVersion.Version11;
        await socket.ConnectAsync(url, invoker, CancellationToken.None).Within();
        return (socket, invoker);
    }
}
