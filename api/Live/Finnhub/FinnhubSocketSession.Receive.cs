using System.Net.WebSockets;
using OrleansTicks.Api.Contracts;
using OrleansTicks.Api.Live.Outbox;

namespace OrleansTicks.Api.Live.Finnhub;

// The receiving side of a /ws connection: subscribe and unsubscribe messages, pings, and the clean-up when it ends.
internal sealed partial class FinnhubSocketSession
{
    /// <summary>The largest client message read; a longer one is answered with an error and skipped.</summary>
    private const int MaxMessageBytes = 4096;

    private readonly HashSet<string> _symbols = new(StringComparer.Ordinal); // receive loop only

    /// <summary>Serves the connection until the client closes it, it fails, or the server stops.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Start();
        _metrics.OnConnected();
        LogOpened();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pings = PingAsync(stop.Token);
        try
        {
            await ReceiveAsync(stop.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The client went away (or was aborted as a slow reader), or the server is stopping.
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var symbol in _symbols)
            {
                bridge.Unwatch(symbol, this);
            }

            _symbols.Clear();
            await CloseAsync().ConfigureAwait(false);
            await pings.ConfigureAwait(false);
            _metrics.OnDisconnected();
            LogClosed();
        }
    }

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxMessageBytes];
        while (socket.State == WebSocketState.Open)
        {
            var length = 0;
            var tooLong = false;
            ValueWebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer.AsMemory(length == buffer.Length ? 0 : length), cancellationToken).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
                    return;
                }

                tooLong |= length + received.Count >= buffer.Length && !received.EndOfMessage;
                length = tooLong ? buffer.Length : length + received.Count;
            }
            while (!received.EndOfMessage);

            if (tooLong)
            {
                Reject($"messages are at most {MaxMessageBytes} bytes");
            }
            else
            {
                await HandleAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        if (FinnhubMessages.Parse(utf8, out var problem) is not { } request)
        {
            Reject(problem!);
            return;
        }

        if (request.Type is "ping" or "pong")
        {
            return;
        }

        if (request.Type is not ("subscribe" or "unsubscribe"))
        {
            Reject($"unknown message type '{request.Type}'; valid: subscribe, unsubscribe");
            return;
        }

        if (SymbolSyntax.Normalize(request.Symbol) is not { } symbol)
        {
            Reject($"'{request.Symbol}' is not a symbol: {SymbolSyntax.Description}");
            return;
        }

        if (request.Type == "unsubscribe")
        {
            if (_symbols.Remove(symbol))
            {
                bridge.Unwatch(symbol, this);
            }

            return;
        }

        if (_symbols.Contains(symbol))
        {
            return;
        }

        if (!directory.Contains(symbol))
        {
            Reject($"'{symbol}' is not a known symbol");
        }
        else if (_symbols.Count >= options.MaxSymbolsPerConnection)
        {
            Reject($"this connection already watches {_symbols.Count} symbols, the most allowed (Hub:MaxSymbolsPerConnection)");
        }
        else
        {
            _symbols.Add(symbol);
            try
            {
                await bridge.WatchAsync(symbol, this, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
            {
                _symbols.Remove(symbol);
                Reject($"could not subscribe to '{symbol}' now; try again");
            }
        }
    }

    private void Reject(string message)
    {
        LogBadMessage(message);
        Deliver(LiveMessage.ForRaw(FinnhubMessages.Error(message)));
    }

    private async Task PingAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.WebSocketPingInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Deliver(LiveMessage.ForRaw(FinnhubMessages.Ping()));
            }
        }
        catch (OperationCanceledException)
        {
            // Closed.
        }
    }

    [LoggerMessage(EventId = LiveLog.SocketOpened, Level = LogLevel.Debug, Message = "A /ws connection opened")]
    private partial void LogOpened();

    [LoggerMessage(EventId = LiveLog.SocketClosed, Level = LogLevel.Debug, Message = "A /ws connection closed")]
    private partial void LogClosed();

    [LoggerMessage(EventId = LiveLog.SocketBadMessage, Level = LogLevel.Debug, Message = "A /ws client sent a message refused: {Reason}")]
    private partial void LogBadMessage(string reason);
}
