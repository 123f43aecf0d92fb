using System.Net.WebSockets;
using System.Text;
using OrleansTicks.TestKit;

namespace OrleansTicks.Api.Tests.Live;

/// <summary>A hub client that speaks the SignalR JSON protocol over a bare WebSocket with a tiny receive buffer: it
/// does the handshake, sends invocations, and otherwise never reads — a client that has stopped reading.</summary>
public sealed class RawHubClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket;
    private readonly HttpMessageInvoker _invoker;
    private int _nextId;

    private RawHubClient(ClientWebSocket socket, HttpMessageInvoker invoker)
    {
        _socket = socket;
        _invoker = invoker;
    }

    public WebSocketState State => _socket.State;

    public static async Task<RawHubClient> ConnectAsync(string hubUrl)
    {
        var (socket, invoker) = await StallingSockets.ConnectAsync(new UriBuilder(hubUrl) { Scheme = "ws" }.Uri);
        var client = new RawHubClient(socket, invoker);
        await client.SendAsync("{\"protocol\":\"json\",\"version\":1}");
        var handshake = await client.ReadRecordAsync();
        return handshake == "{}" ? client : throw new InvalidOperationException($"Handshake refused: {handshake}");
    }

    /// <summary>Sends an invocation and does not wait for (or read) its answer.</summary>
    public Task InvokeWithoutReadingAsync(string target, string argumentsJson) =>
        SendAsync($"{{\"type\":1,\"invocationId\":\"{Interlocked.Increment(ref _nextId)}\",\"target\":\"{target}\",\"arguments\":{argumentsJson}}}");

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        _invoker.Dispose();
        await Task.CompletedTask;
    }

    private Task SendAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, true, CancellationToken.None).Within();

    private async Task<string> ReadRecordAsync()
    {
        var buffer = new byte[4096];
        var text = new StringBuilder();
        while (!text.ToString().Contains(RecordSeparator, StringComparison.Ordinal))
        {
            var read = await _socket.ReceiveAsync(buffer, CancellationToken.None).Within();
            text.Append(Encoding.UTF8.GetString(buffer, 0, read.Count));
        }

        return text.ToString().TrimEnd(RecordSeparator);
    }
}
