using System.Buffers;
using System.Net.WebSockets;
using OrleansTicks.Api.Live.Bridge;
using OrleansTicks.Api.Live.Outbox;
using OrleansTicks.Api.Observability;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Symbols;

namespace OrleansTicks.Api.Live.Finnhub;

/// <summary>One <c>/ws</c> connection speaking Finnhub's trade protocol: a client of the observer bridge like a hub
/// connection (counted in the subscriber counts, with the same bounded outbox), that takes only the trades. A quote
/// becomes the trade it reports; a quote that only repeats the trade before it (e.g. a subscriber count changed) is
/// not sent. The receiving side is in <c>FinnhubSocketSession.Receive.cs</c>.</summary>
internal sealed partial class FinnhubSocketSession(
    WebSocket socket,
    SymbolWatchBridge bridge,
    SymbolDirectory directory,
    LiveOptions options,
    ApiMetrics metrics,
    ILogger logger) : LiveOutbox(options.MaxPendingMessages, options.MaxQuotesPerSecond > 0, metrics)
{
    private readonly ApiMetrics _metrics = metrics;
    private readonly List<Quote> _trades = [];
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    protected override bool Wants(LiveMessage message) =>
        message.Kind == LiveMessageKind.Raw || (message.Kind == LiveMessageKind.Quote && !message.RepeatsTrade);

    protected override async ValueTask SendAsync(IReadOnlyList<LiveMessage> batch, CancellationToken cancellationToken)
    {
        foreach (var message in batch)
        {
            if (message.Kind == LiveMessageKind.Raw)
            {
                await SendTradesAsync(cancellationToken).ConfigureAwait(false);
                await socket.SendAsync((byte[])message.Payload, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
            }
            else if (message.Payload is Quote quote)
            {
                _trades.Add(quote);
            }
        }

        await SendTradesAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override void OnOverflow()
    {
        _metrics.OnSlowClientAborted();
        LogSlowClientAborted(Bound);
        socket.Abort();
    }

    protected override void OnSendFailed(Exception exception) => LogSendFailed(exception);

    private async ValueTask SendTradesAsync(CancellationToken cancellationToken)
    {
        if (_trades.Count == 0)
        {
            return;
        }

        _buffer.ResetWrittenCount();
        FinnhubMessages.WriteTrades(_buffer, _trades);
        _trades.Clear();
        await socket.SendAsync(_buffer.WrittenMemory, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = LiveLog.SlowClientAborted, Level = LogLevel.Warning,
        Message = "Closed a /ws connection: it stopped reading and more than {Bound} messages piled up")]
    private partial void LogSlowClientAborted(int bound);

    [LoggerMessage(EventId = LiveLog.SendFailed, Level = LogLevel.Debug, Message = "Sending to a /ws connection failed")]
    private partial void LogSendFailed(Exception exception);
}
