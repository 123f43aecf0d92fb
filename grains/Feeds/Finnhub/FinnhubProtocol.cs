using System.Buffers;
using System.Text.Json;
using OrleansTicks.Grains.Feeds.Live;

namespace OrleansTicks.Grains.Feeds.Finnhub;

/// <summary>Finnhub's websocket protocol. Sends <c>{"type":"subscribe","symbol":"AAPL"}</c> (and
/// <c>"unsubscribe"</c>), one message per symbol; reads <c>{"type":"trade","data":[{"s","p","v","t","c"}]}</c>,
/// <c>{"type":"ping"}</c> and <c>{"type":"error","msg":..}</c>, in any property order (Finnhub sends <c>data</c>
/// before <c>type</c>). A message is applied whole or not at all: one malformed trade makes the message bad. Parsing
/// is one <see cref="Utf8JsonReader"/> pass; symbols resolve through a <see cref="Utf8SymbolTable"/>, so a trade
/// allocates nothing. Trade ids: <see cref="FinnhubTradeIds"/>.</summary>
public sealed class FinnhubProtocol : ILiveFeedProtocol
{
    private readonly Utf8SymbolTable _symbols;
    private readonly ArrayBufferWriter<byte> _request = new(128);
    private readonly Utf8JsonWriter _writer;

    /// <summary>A protocol connecting to <paramref name="url"/> (the token added as <c>token=</c>), resolving symbols
    /// through <paramref name="symbols"/>.</summary>
    public FinnhubProtocol(Uri url, string? token, Utf8SymbolTable symbols)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(symbols);
        ConnectUri = FinnhubUrls.WithToken(url, token);
        Source = FinnhubUrls.Redact(ConnectUri);
        _symbols = symbols;
        _writer = new Utf8JsonWriter(_request);
    }

    public string Kind => FinnhubFeedConnector.KindName;

    public Uri ConnectUri { get; }

    public string Source { get; }

    public void OnConnected()
    {
        // Nothing spans messages: ids depend on one message only.
    }

    public async ValueTask SendSubscriptionAsync(ILiveFeedChannel channel, IReadOnlyList<string> symbols, bool subscribe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(symbols);
        foreach (var symbol in symbols)
        {
            _request.ResetWrittenCount();
            _writer.Reset(_request);
            _writer.WriteStartObject();
            _writer.WriteString("type"u8, subscribe ? "subscribe"u8 : "unsubscribe"u8);
            _writer.WriteString("symbol"u8, symbol);
            _writer.WriteEndObject();
            _writer.Flush();
            await channel.SendTextAsync(_request.WrittenMemory, cancellationToken);
        }
    }

    public LiveMessage Parse(ReadOnlySpan<byte> message, LiveTradeBatch trades)
    {
        ArgumentNullException.ThrowIfNull(trades);
        var before = trades.Count;
        var outcome = ParseMessage(message, trades, before);
        if (outcome.Kind != LiveMessageKind.Trades)
        {
            trades.Truncate(before); // trades of a message that is not a trade message are not applied
        }

        return outcome;
    }

    private LiveMessage ParseMessage(ReadOnlySpan<byte> message, LiveTradeBatch trades, int before)
    {
        var reader = new Utf8JsonReader(message);
        var type = MessageType.Missing;
        var hasData = false;
        string? error = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return LiveMessage.Bad("not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = TypeOf(ref reader);
                }
                else if (reader.ValueTextEquals("data"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        return LiveMessage.Bad("data is not an array");
                    }

                    if (FinnhubTradeReader.ReadTrades(ref reader, _symbols, trades, before) is { } problem)
                    {
                        return LiveMessage.Bad(problem);
                    }

                    hasData = true;
                }
                else if (reader.ValueTextEquals("msg"u8))
                {
                    reader.Read();
                    error = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // Reading on past the object throws on anything but white space after it.
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return LiveMessage.Bad("not valid JSON");
            }
        }
        catch (JsonException)
        {
            return LiveMessage.Bad("not valid JSON");
        }

        return type switch
        {
            MessageType.Trade => hasData ? LiveMessage.Trades : LiveMessage.Bad("a trade message without data"),
            MessageType.Ping => LiveMessage.Control,
            MessageType.Error => LiveMessage.VendorError(error ?? "an error without a message"),
            MessageType.Missing => LiveMessage.Bad("no type"),
            _ => LiveMessage.Bad("an unknown type"),
        };
    }

    private static MessageType TypeOf(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return MessageType.Unknown;
        }

        if (reader.ValueTextEquals("trade"u8))
        {
            return MessageType.Trade;
        }

        if (reader.ValueTextEquals("ping"u8))
        {
            return MessageType.Ping;
        }

        return reader.ValueTextEquals("error"u8) ? MessageType.Error : MessageType.Unknown;
    }

    private enum MessageType
    {
        Missing,
        Trade,
        Ping,
        Error,
        Unknown,
    }
}
