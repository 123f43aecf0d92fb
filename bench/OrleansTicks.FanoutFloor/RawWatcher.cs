using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace OrleansTicks.FanoutFloor;

/// <summary>A WebSocket connection that speaks just enough of the SignalR JSON hub protocol for the load client: the
/// handshake, one Subscribe answered with every symbol accepted, and pings ignored. Frames are written by the caller's
/// thread; a frame that finds the previous one still being written (the socket's buffer full) waits behind it.</summary>
internal sealed class RawWatcher(WebSocket socket)
{
    private readonly Lock _lock = new();
    private readonly Queue<byte[]> _waiting = new();
    private bool _writing;

    public static async Task ServeAsync(HttpContext context, Watchers watchers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var watcher = new RawWatcher(socket);
        var buffer = new byte[64 * 1024];
        await ReceiveAsync(socket, buffer); // {"protocol":"json","version":1}␞
        await socket.SendAsync("{}\u001e"u8.ToArray(), WebSocketMessageType.Text, true, context.RequestAborted);
        var invocation = await ReceiveAsync(socket, buffer);
        using var subscribe = JsonDocument.Parse(invocation.AsMemory(0, invocation.Length - 1)); // without its ␞
        string[] symbols = [.. subscribe.RootElement.GetProperty("arguments")[0].EnumerateArray().Select(s => s.GetString()!)];
        var answer = $"{{\"type\":3,\"invocationId\":\"{subscribe.RootElement.GetProperty("invocationId").GetString()}\",\"result\":{{\"accepted\":[],\"rejected\":[]}}}}\u001e";
        watcher.Send(Encoding.UTF8.GetBytes(answer)); // before it watches anything: the answer goes first
        foreach (var symbol in symbols)
        {
            watchers.Add(symbol, watcher);
        }

        try
        {
            while (await ReceiveAsync(socket, buffer) is { Length: > 0 })
            {
                // pings
            }
        }
        catch (WebSocketException)
        {
            // The client went away.
        }
        finally
        {
            foreach (var symbol in symbols)
            {
                watchers.Remove(symbol, watcher);
            }
        }
    }

    public void Send(byte[] frame)
    {
        lock (_lock)
        {
            if (_writing)
            {
                _waiting.Enqueue(frame);
                return;
            }

            _writing = true;
        }

        Write(frame);
    }

    private void Write(byte[] frame)
    {
        while (true)
        {
            var write = socket.SendAsync(frame.AsMemory(), WebSocketMessageType.Text, true, CancellationToken.None);
            if (!write.IsCompleted)
            {
                _ = AfterAsync(write);
                return;
            }

            if (!Next(out frame))
            {
                return;
            }
        }
    }

    private async Task AfterAsync(ValueTask write)
    {
        try
        {
            await write;
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            return; // closed: the receive loop removes the watcher
        }

        if (Next(out var frame))
        {
            Write(frame);
        }
    }

    private bool Next(out byte[] frame)
    {
        lock (_lock)
        {
            _writing = _waiting.TryDequeue(out frame!);
            return _writing;
        }
    }

    // One whole message; empty when the client closes.
    private static async Task<byte[]> ReceiveAsync(WebSocket socket, byte[] buffer)
    {
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return [];
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return buffer.AsSpan(0, length).ToArray();
            }
        }
    }
}
