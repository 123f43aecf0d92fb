using System.Net.WebSockets;
using System.Text;

namespace OrleansTicks.TestKit.Feeds;

/// <summary>One websocket connection a <see cref="FakeWebSocketServer"/> accepted: what the client sent on it, and
/// ways to send to it or cut it.</summary>
public sealed class FakeWebSocketConnection
{
    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly Lock _lock = new();
    private readonly List<string> _received = [];
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal FakeWebSocketConnection(int index, string path, string query, WebSocket socket)
    {
        Index = index;
        Path = path;
        Query = query;
        _socket = socket;
    }

    /// <summary>1 for the first connection the server accepted, 2 for the next, ...</summary>
    public int Index { get; }

    /// <summary>The request path (<c>/ws</c>, <c>/stream</c>, ...).</summary>
    public string Path { get; }

    /// <summary>The query string, with its <c>?</c>, or empty.</summary>
    public string Query { get; }

    /// <summary>The text messages the client sent on this connection, in order.</summary>
    public IReadOnlyList<string> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>While true, the server answers nothing on this connection (what the client sends is still recorded)
    /// and the vendor's helpers push nothing on it: a peer that went quiet.</summary>
    public bool Silent { get; set; }

    /// <summary>Completes when the connection is over (closed, dropped or aborted).</summary>
    public Task Ended => _ended.Task;

    /// <summary>Whether the connection is still open.</summary>
    public bool IsOpen => _socket.State == WebSocketState.Open && !Ended.IsCompleted;

    /// <summary>Sends a text message (sends are serialised; a closed connection ignores them).</summary>
    public Task SendTextAsync(string text, CancellationToken cancellationToken = default) =>
        SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, cancellationToken);

    /// <summary>Sends a binary message.</summary>
    public Task SendBinaryAsync(byte[] bytes, CancellationToken cancellationToken = default) =>
        SendAsync(bytes, WebSocketMessageType.Binary, cancellationToken);

    /// <summary>Sends one text message split into frames of <paramref name="frameBytes"/> bytes.</summary>
    public async Task SendFragmentedAsync(string text, int frameBytes, CancellationToken cancellationToken = default)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await _sendGate.WaitAsync(cancellationToken);
        try
        {
            for (var start = 0; start < bytes.Length; start += frameBytes)
            {
                var count = Math.Min(frameBytes, bytes.Length - start);
                await _socket.SendAsync(bytes.AsMemory(start, count), WebSocketMessageType.Text, start + count == bytes.Length, cancellationToken);
            }
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>Cuts the connection with no close handshake (a network drop).</summary>
    public void Drop()
    {
        _socket.Abort();
        _ended.TrySetResult();
    }

    /// <summary>Closes the connection properly (a server that goes away politely).</summary>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        await _sendGate.WaitAsync(cancellationToken);
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "going away", cancellationToken);
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException)
        {
            // Already gone.
        }
        finally
        {
            _sendGate.Release();
        }
    }

    internal void OnReceived(string text)
    {
        lock (_lock)
        {
            _received.Add(text);
        }
    }

    internal void OnEnded() => _ended.TrySetResult();

    internal WebSocket Socket => _socket;

    private async Task SendAsync(byte[] bytes, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        await _sendGate.WaitAsync(cancellationToken);
        try
        {
            if (IsOpen)
            {
                await _socket.SendAsync(bytes, type, endOfMessage: true, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away meanwhile: a send to a dead connection is lost, as on a real network.
        }
        finally
        {
            _sendGate.Release();
        }
    }
}
