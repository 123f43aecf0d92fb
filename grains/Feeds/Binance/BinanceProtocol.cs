using System.Buffers;
using System.Text.Json;
using OrleansTicks.Grains.Feeds.Live;

namespace OrleansTicks.Grains.Feeds.Binance;

/// <summary>Binance's side of a live connection: the endpoint, <c>{"method":"SUBSCRIBE"|"UNSUBSCRIBE","params":[..],
/// "id":n}</c> requests (streams lower case: <c>btcusdt@trade</c>), answers matched to their request by id, and the
/// trade payloads (<see cref="BinanceTradeParser"/>). Websocket pings are answered by the socket itself.</summary>
public sealed class BinanceProtocol : ILiveFeedProtocol
{
    private readonly BinanceTradeParser _parser;
    private readonly int _maxStreamsPerMessage;
    private readonly string _suffix;
    private readonly ArrayBufferWriter<byte> _request = new(4_096);
    private readonly Lock _lock = new();
    private readonly Dictionary<long, string> _pending = [];
    private long _nextId;

    /// <summary>Creates the protocol for <paramref name="endpoint"/>, reading <paramref name="stream"/> payloads of the
    /// symbols <paramref name="symbols"/> knows (or learns).</summary>
    public BinanceProtocol(BinanceEndpoint endpoint, BinanceStream stream, Utf8SymbolTable symbols, int maxStreamsPerMessage)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStreamsPerMessage, 1);
        Endpoint = endpoint;
        _parser = new BinanceTradeParser(stream, symbols);
        _maxStreamsPerMessage = maxStreamsPerMessage;
        _suffix = stream == BinanceStream.Trade ? "@trade" : "@aggTrade";
    }

    public string Kind => BinanceFeedConnector.KindName;

    /// <summary>The endpoint connected to.</summary>
    public BinanceEndpoint Endpoint { get; }

    public Uri ConnectUri => Endpoint.Uri;

    public string Source => Endpoint.Uri.GetLeftPart(UriPartial.Path);

    /// <summary>Requests sent on this connection that Binance has not answered yet.</summary>
    public int PendingRequests
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>The stream name of <paramref name="symbol"/>: lower case, with the payload's suffix.</summary>
    public string StreamOf(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        return symbol.ToLowerInvariant() + _suffix;
    }

    public void OnConnected()
    {
        lock (_lock)
        {
            _pending.Clear();
        }
    }

    public async ValueTask SendSubscriptionAsync(ILiveFeedChannel channel, IReadOnlyList<string> symbols, bool subscribe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(symbols);
        var method = subscribe ? "SUBSCRIBE" : "UNSUBSCRIBE";
        for (var start = 0; start < symbols.Count; start += _maxStreamsPerMessage)
        {
            var count = Math.Min(_maxStreamsPerMessage, symbols.Count - start);
            var id = Interlocked.Increment(ref _nextId);
            _request.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(_request))
            {
                json.WriteStartObject();
                json.WriteString("method"u8, method);
                json.WriteStartArray("params"u8);
                for (var i = start; i < start + count; i++)
                {
                    json.WriteStringValue(StreamOf(symbols[i]));
                }

                json.WriteEndArray();
                json.WriteNumber("id"u8, id);
                json.WriteEndObject();
            }

            lock (_lock)
            {
                _pending[id] = $"{method} of {count} streams from {StreamOf(symbols[start])}";
            }

            await channel.SendTextAsync(_request.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
    }

    public LiveMessage Parse(ReadOnlySpan<byte> message, LiveTradeBatch trades)
    {
        var outcome = _parser.Parse(message, trades, out var requestId);
        if (requestId < 0 || outcome.Kind is not (LiveMessageKind.Control or LiveMessageKind.VendorError))
        {
            return outcome;
        }

        string? request;
        lock (_lock)
        {
            _pending.Remove(requestId, out request);
        }

        return outcome.Kind == LiveMessageKind.VendorError
            ? LiveMessage.VendorError($"{outcome.Detail} (the answer to request {requestId}: {request ?? "not a request of this connection"})")
            : outcome;
    }
}
