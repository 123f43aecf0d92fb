using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace OrleansTicks.Grains.Feeds.Live;

public sealed partial class LiveFeedRunner
{
    private const int LoggedExcerptBytes = 200;

    /// <summary>One connection from connect to its end. Returns why it ended; throws only when
    /// <paramref name="stopping"/> is cancelled (a cancellation, or the aborted socket's own exception).</summary>
    private async Task<ConnectionEnd> RunConnectionAsync(ITradeSink sink, CancellationToken stopping)
    {
        SetConnecting();
        LiveFeedLog.Connecting(_logger, _protocol.Kind, _protocol.Source);
        using var socket = CreateSocket();
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        if (await ConnectAsync(socket, connection.Token, stopping).ConfigureAwait(false) is { } failed)
        {
            return failed;
        }

        var connectedAt = _clock.GetTimestamp();
        Volatile.Write(ref _lastMessageTimestamp, connectedAt);
        lock (_lock)
        {
            _subscribed.Clear();
            _subscribedCount = 0;
        }

        _protocol.OnConnected();
        SetConnected(connectedAt);
        LiveFeedLog.Connected(_logger, _protocol.Kind, _protocol.Source);

        var watchdog = new Watchdog(this, connection, connectedAt);
        var demandLoop = RunDemandAsync(new SocketChannel(this, socket), connection);
        ConnectionEnd end;
        try
        {
            end = await ReceiveAsync(socket, sink, connection.Token, stopping).ConfigureAwait(false);
        }
        catch (Exception exception) when (!stopping.IsCancellationRequested)
        {
            end = new ConnectionEnd(watchdog.Reason ?? DemandFault?.Message ?? exception.Message, TimeSpan.Zero,
                watchdog.Replaced, watchdog.Reason is null ? DemandFault ?? exception : null);
        }
        finally
        {
            watchdog.Dispose();
            await connection.CancelAsync().ConfigureAwait(false);
            await demandLoop.ConfigureAwait(false);
        }

        // Trades parsed before the end are good trades: they still go out.
        if (_batch.Count > 0)
        {
            await FlushAsync(sink, stopping).ConfigureAwait(false);
        }

        // No close handshake: the receive was cancelled, which aborts the socket; the server sees the TCP close.
        socket.Abort();
        return end with { Lasted = _clock.GetElapsedTime(connectedAt) };
    }

    private ClientWebSocket CreateSocket()
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = _options.KeepAliveInterval;
        if (_options.KeepAliveTimeout > TimeSpan.Zero)
        {
            socket.Options.KeepAliveTimeout = _options.KeepAliveTimeout;
        }

        return socket;
    }

    private async Task<ConnectionEnd?> ConnectAsync(ClientWebSocket socket, CancellationToken connection, CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(connection, timeout.Token);
        try
        {
            await socket.ConnectAsync(_protocol.ConnectUri, linked.Token).ConfigureAwait(false);
            return null;
        }
        catch (Exception exception) when (!stopping.IsCancellationRequested)
        {
            return timeout.IsCancellationRequested
                ? new ConnectionEnd($"no answer to the connect within {_options.ConnectTimeout}", TimeSpan.Zero)
                : new ConnectionEnd($"connect failed: {exception.Message}", TimeSpan.Zero, Error: exception);
        }
    }

    /// <summary>Reads until the server closes or a receive fails (a drop, the watchdog, a demand-loop fault).</summary>
    private async Task<ConnectionEnd> ReceiveAsync(WebSocket socket, ITradeSink sink, CancellationToken connection, CancellationToken stopping)
    {
        var length = 0;
        var oversize = false;
        while (true)
        {
            if (length == _buffer.Length && !Grow())
            {
                // Longer than MaxMessageBytes: read the rest of it into the same space and skip it.
                oversize = true;
                length = 0;
            }

            var receive = socket.ReceiveAsync(_buffer.AsMemory(length), connection);
            if (!receive.IsCompleted && _batch.Count > 0)
            {
                // Nothing more is waiting: what was parsed goes out while the next frame is on its way.
                await FlushAsync(sink, stopping).ConfigureAwait(false);
            }

            var result = await receive.ConfigureAwait(false);
            Volatile.Write(ref _lastMessageTimestamp, _clock.GetTimestamp());
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return new ConnectionEnd($"closed by the server ({socket.CloseStatus} {socket.CloseStatusDescription})", TimeSpan.Zero);
            }

            length += result.Count;
            if (!result.EndOfMessage)
            {
                continue;
            }

            Interlocked.Increment(ref _messages);
            if (oversize)
            {
                OnBad($"message longer than {_options.MaxMessageBytes} bytes", _buffer.AsSpan(0, length));
            }
            else if (result.MessageType == WebSocketMessageType.Binary)
            {
                OnBad("binary message", _buffer.AsSpan(0, length));
            }
            else
            {
                OnMessage(_buffer.AsSpan(0, length));
            }

            length = 0;
            oversize = false;
            if (_batch.Count >= _options.BatchSize)
            {
                await FlushAsync(sink, stopping).ConfigureAwait(false);
            }
        }
    }

    private bool Grow()
    {
        if (_buffer.Length >= _options.MaxMessageBytes)
        {
            return false;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _options.MaxMessageBytes));
        _buffer.AsSpan().CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
        return true;
    }

    private void OnMessage(ReadOnlySpan<byte> message)
    {
        var before = _batch.Count;
        LiveMessage outcome;
        try
        {
            outcome = _protocol.Parse(message, _batch);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A parser must not throw; if one does, the message is bad, not the connection.
            outcome = LiveMessage.Bad($"the parser failed: {exception.Message}");
        }

        switch (outcome.Kind)
        {
            case LiveMessageKind.Bad:
                _batch.Truncate(before);
                OnBad(outcome.Detail ?? "malformed", message);
                break;
            case LiveMessageKind.VendorError:
                _batch.Truncate(before);
                Interlocked.Increment(ref _vendorErrors);
                if (_vendorLog.ShouldLog(out var suppressed))
                {
                    LiveFeedLog.VendorError(_logger, _protocol.Kind, outcome.Detail ?? Excerpt(message), suppressed);
                }

                break;
            default:
                break;
        }
    }

    private void OnBad(string problem, ReadOnlySpan<byte> message)
    {
        Interlocked.Increment(ref _bad);
        if (_badLog.ShouldLog(out var suppressed))
        {
            LiveFeedLog.BadMessage(_logger, _protocol.Kind, problem, Excerpt(message), suppressed);
        }
    }

    private static string Excerpt(ReadOnlySpan<byte> message) =>
        message.Length <= LoggedExcerptBytes
            ? Encoding.UTF8.GetString(message)
            : $"{Encoding.UTF8.GetString(message[..LoggedExcerptBytes])}… ({message.Length} bytes)";

    private async ValueTask FlushAsync(ITradeSink sink, CancellationToken stopping)
    {
        try
        {
            await sink.PublishAsync(_batch.Trades, stopping).ConfigureAwait(false);
        }
        finally
        {
            _batch.Clear();
        }
    }
}
