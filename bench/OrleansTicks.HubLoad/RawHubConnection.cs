using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace OrleansTicks.HubLoad;

/// <summary>
/// A SignalR connection spoken by hand over <see cref="ClientWebSocket"/>: the JSON hub protocol's handshake, one
/// <c>Subscribe</c> invocation, pings, and a receive loop that reads only the type, the target and a quote's
/// <c>symbol</c> and <c>time</c> with <see cref="Utf8JsonReader"/>. It is the lean load generator (what wrk is to the
/// REST endpoints): on a machine the server shares with its load, every microsecond the client spends per message is
/// taken from the server, and the official client spends about as much per message as the server does.
/// </summary>
public sealed class RawHubConnection(Uri hub, string? key, LoadStats stats) : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly TaskCompletionSource<int> _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiving = Task.CompletedTask;
    private byte[] _buffer = new byte[16 * 1024];

    /// <summary>Connects, shakes hands, subscribes; returns how many symbols the hub rejected.</summary>
    public async Task<int> StartAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken)
    {
        _socket.Options.KeepAliveInterval = TimeSpan.Zero; // the hub protocol's own pings keep the connection alive
        var uri = key is null ? hub : new Uri($"{hub}?access_token={Uri.EscapeDataString(key)}");
        await _socket.ConnectAsync(uri, cancellationToken);
        await SendAsync(Handshake, cancellationToken);
        var length = await ReceiveMessageAsync(cancellationToken);
        if (length == 0 || _buffer.AsSpan(0, length).IndexOf("\"error\""u8) >= 0)
        {
            throw new InvalidOperationException($"handshake refused: {Encoding.UTF8.GetString(_buffer, 0, length)}");
        }

        _receiving = Task.Run(() => ReceiveLoopAsync(cancellationToken), cancellationToken);
        var invocation = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["type"] = 1, ["invocationId"] = "0", ["target"] = "Subscribe", ["arguments"] = new object[] { symbols },
        });
        await SendAsync((byte[])[.. invocation, RecordSeparator], cancellationToken);
        return await _subscribed.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    public Task PingAsync(CancellationToken cancellationToken) => SendAsync(Ping, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            catch (Exception error) when (error is WebSocketException or IOException or ObjectDisposedException)
            {
                // Closing after the measurement: a failure changes no figure.
            }
        }

        _socket.Abort();
        await _receiving.ContinueWith(static _ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _sending.Dispose();
    }

    private async Task SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var length = await ReceiveMessageAsync(cancellationToken);
                if (length < 0)
                {
                    break;
                }

                var received = DateTimeOffset.UtcNow;
                var records = _buffer.AsSpan(0, length);
                for (var end = records.IndexOf(RecordSeparator); end >= 0; end = records.IndexOf(RecordSeparator))
                {
                    Dispatch(records[..end], received);
                    records = records[(end + 1)..];
                }
            }
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed by the end of the run, or by the server: the counts say what was received.
        }
        finally
        {
            _subscribed.TrySetException(new InvalidOperationException("the connection closed before Subscribe answered"));
        }
    }

    // One whole WebSocket message into _buffer (grown as needed); -1 when the server closed the connection.
    private async Task<int> ReceiveMessageAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            if (length == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var result = await _socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return -1;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return length;
            }
        }
    }

    private void Dispatch(ReadOnlySpan<byte> record, DateTimeOffset received)
    {
        var reader = new Utf8JsonReader(record);
        int? type = null;
        string? target = null;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
            {
                continue;
            }

            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("target"u8))
            {
                reader.Read();
                target = reader.ValueTextEquals("quote"u8) ? "quote" : reader.ValueTextEquals("bar"u8) ? "bar" : reader.GetString();
            }
            else if (reader.ValueTextEquals("arguments"u8) && type == 1 && target == "quote")
            {
                ReadQuote(ref reader, received);
                return;
            }
            else if (reader.ValueTextEquals("arguments"u8) && type == 1 && target == "bar")
            {
                stats.OnBar();
                return;
            }
            else if (reader.ValueTextEquals("result"u8) && type == 3)
            {
                _subscribed.TrySetResult(CountRejected(ref reader));
                return;
            }
            else if (reader.ValueTextEquals("error"u8) && type == 3)
            {
                reader.Read();
                _subscribed.TrySetException(new InvalidOperationException($"Subscribe failed: {reader.GetString()}"));
                return;
            }
        }
    }

    // arguments: [ { "symbol": ..., "time": ..., ... } ]: the quote object is at depth 2.
    private void ReadQuote(ref Utf8JsonReader reader, DateTimeOffset received)
    {
        string? symbol = null;
        DateTimeOffset? time = null;
        reader.Read(); // the arguments' [
        while (reader.Read() && reader.CurrentDepth >= 2 && (symbol is null || time is null))
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 3)
            {
                if (reader.ValueTextEquals("symbol"u8))
                {
                    reader.Read();
                    symbol = reader.GetString();
                }
                else if (reader.ValueTextEquals("time"u8))
                {
                    reader.Read();
                    time = reader.GetDateTimeOffset();
                }
            }
        }

        if (symbol is not null && time is { } stamped)
        {
            stats.OnQuote(new QuoteTime(symbol, stamped), received);
        }
    }

    // result: { "accepted": [...], "rejected": [ {...}, ... ] }
    private static int CountRejected(ref Utf8JsonReader reader)
    {
        reader.Read();
        var depth = reader.CurrentDepth;
        var rejected = 0;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1 && reader.ValueTextEquals("rejected"u8))
            {
                reader.Read();
                var array = reader.CurrentDepth;
                while (reader.Read() && !(reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == array))
                {
                    if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == array + 1)
                    {
                        rejected++;
                    }
                }
            }
        }

        return rejected;
    }
}
