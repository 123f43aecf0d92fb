using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds.Live;

namespace OrleansTicks.Grains.Feeds.Binance;

/// <summary>Reads Binance messages: <c>trade</c> or <c>aggTrade</c> payloads, raw or in the combined wrapper
/// <c>{"stream":..,"data":..}</c>, answers <c>{"result":..,"id":n}</c> and errors. The hot path: one
/// <see cref="Utf8JsonReader"/> pass over the received bytes, decimals parsed from the UTF-8 strings with
/// <see cref="Utf8Parser"/>, the symbol looked up (not allocated) in a <see cref="Utf8SymbolTable"/>, the trade
/// written into the reused batch. A price that is not positive, a negative quantity or a time before 1970 is passed
/// on: the ingestor rejects and counts those; everything the ingestor cannot see (bad JSON, missing fields,
/// non-numbers, negative ids, times beyond the calendar, other event types) makes the message bad here.</summary>
public sealed class BinanceTradeParser(BinanceStream stream, Utf8SymbolTable symbols)
{
    // The latest millisecond a DateTime holds (9999-12-31T23:59:59.999Z).
    private const long MaxUnixMilliseconds = 253_402_300_799_999;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16 };

    /// <summary>The payload this parser accepts.</summary>
    public BinanceStream Stream { get; } = stream;

    /// <summary>Parses <paramref name="message"/>, appending its trade to <paramref name="trades"/>.
    /// <paramref name="requestId"/> is the id of an answer or error, -1 when the message has none.</summary>
    public LiveMessage Parse(ReadOnlySpan<byte> message, LiveTradeBatch trades, out long requestId)
    {
        ArgumentNullException.ThrowIfNull(trades);
        requestId = -1;
        var fields = new BinanceFields { WantsAggregateId = Stream == BinanceStream.AggTrade };
        try
        {
            var reader = new Utf8JsonReader(message, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return LiveMessage.Bad("not a JSON object");
            }

            if (!ReadObject(ref reader, ref fields, wrapper: true))
            {
                _ = reader.Read(); // throws on anything but white space after the object
            }
            else if (!ClosesAt(message[(int)reader.BytesConsumed..], reader.CurrentDepth))
            {
                // Stopped early with every field of a trade; the rest (flags, the stream name) is not needed, but a
                // message cut short or followed by something else is still bad.
                return LiveMessage.Bad("not valid JSON");
            }
        }
        catch (JsonException)
        {
            return LiveMessage.Bad("not valid JSON");
        }

        if (fields.Problem is { } problem)
        {
            return LiveMessage.Bad(problem);
        }

        if (fields.HasRequestId)
        {
            requestId = fields.RequestId;
        }

        if (fields.HasError)
        {
            return LiveMessage.VendorError($"code {fields.ErrorCode}: {Encoding.UTF8.GetString(message[fields.ErrorMessage])}");
        }

        if (!fields.HasEvent)
        {
            return fields.HasResult || fields.HasRequestId ? LiveMessage.Control : LiveMessage.Bad("no event type (e) and no answer (result, id)");
        }

        return Stream == BinanceStream.Trade ? ReadTrade(message, ref fields, trades) : ReadAggTrade(message, ref fields, trades);
    }

    private LiveMessage ReadTrade(ReadOnlySpan<byte> message, ref BinanceFields fields, LiveTradeBatch trades)
    {
        if (!message[fields.Event].SequenceEqual("trade"u8))
        {
            return LiveMessage.Bad("not a trade event (e is not \"trade\")");
        }

        if (!fields.HasTradeId)
        {
            return LiveMessage.Bad("no trade id (t)");
        }

        return Complete(message, ref fields, fields.TradeId, trades);
    }

    private LiveMessage ReadAggTrade(ReadOnlySpan<byte> message, ref BinanceFields fields, LiveTradeBatch trades)
    {
        if (!message[fields.Event].SequenceEqual("aggTrade"u8))
        {
            return LiveMessage.Bad("not an aggTrade event (e is not \"aggTrade\")");
        }

        if (!fields.HasAggregateId)
        {
            return LiveMessage.Bad("no aggregate trade id (a)");
        }

        return Complete(message, ref fields, fields.AggregateId, trades);
    }

    private LiveMessage Complete(ReadOnlySpan<byte> message, ref BinanceFields fields, long id, LiveTradeBatch trades)
    {
        if (!fields.HasSymbol || !fields.HasPrice || !fields.HasQuantity || !fields.HasTradeTime)
        {
            return LiveMessage.Bad(!fields.HasSymbol ? "no symbol (s)" : !fields.HasPrice ? "no price (p)" : !fields.HasQuantity ? "no quantity (q)" : "no trade time (T)");
        }

        if (id < 0)
        {
            return LiveMessage.Bad("negative trade id");
        }

        var priceText = message[fields.Price];
        if (!Utf8Parser.TryParse(priceText, out decimal price, out var used) || used != priceText.Length)
        {
            return LiveMessage.Bad("the price (p) is not a number");
        }

        var quantityText = message[fields.Quantity];
        if (!Utf8Parser.TryParse(quantityText, out decimal quantity, out used) || used != quantityText.Length)
        {
            return LiveMessage.Bad("the quantity (q) is not a number");
        }

        if (fields.TradeTime is < -62_135_596_800_000 or > MaxUnixMilliseconds)
        {
            return LiveMessage.Bad("the trade time (T) is beyond the calendar");
        }

        if (!symbols.TryGet(message[fields.Symbol], out var symbol, out var problem))
        {
            return LiveMessage.Bad(problem!);
        }

        var time = new DateTime(DateTime.UnixEpoch.Ticks + (fields.TradeTime * TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        trades.Add(new Trade(symbol, id, price, quantity, time));
        return LiveMessage.Trades;
    }

    /// <summary>Reads the properties of the object the reader is on; <paramref name="wrapper"/> at the top level, where
    /// <c>data</c>, <c>result</c>, <c>id</c> and errors may be. Returns true when it stopped as soon as every field of a
    /// trade was read: the reader costs most of the parse, and the fields after those (<c>m</c>, <c>M</c>, ...) are
    /// not used.</summary>
    private static bool ReadObject(ref Utf8JsonReader reader, ref BinanceFields fields, bool wrapper)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped)
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            var name = reader.ValueSpan;
            reader.Read();
            if (name.Length == 1)
            {
                ReadTradeField(ref reader, ref fields, name[0]);
                if (fields.HasTrade)
                {
                    return true;
                }
            }
            else if (wrapper && name.SequenceEqual("data"u8) && reader.TokenType == JsonTokenType.StartObject)
            {
                if (ReadObject(ref reader, ref fields, wrapper: false))
                {
                    return true;
                }
            }
            else if (wrapper && name.SequenceEqual("result"u8))
            {
                fields.HasResult = true;
                reader.Skip();
            }
            else if (wrapper && name.SequenceEqual("id"u8))
            {
                fields.HasRequestId = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out fields.RequestId);
            }
            else if (wrapper && name.SequenceEqual("error"u8) && reader.TokenType == JsonTokenType.StartObject)
            {
                fields.HasError = true;
                if (ReadObject(ref reader, ref fields, wrapper: false))
                {
                    return true;
                }
            }
            else if (name.SequenceEqual("code"u8) && reader.TokenType == JsonTokenType.Number)
            {
                fields.HasError = true;
                _ = reader.TryGetInt64(out fields.ErrorCode);
            }
            else if (name.SequenceEqual("msg"u8) && reader.TokenType == JsonTokenType.String)
            {
                _ = Text(ref reader, ref fields, out fields.ErrorMessage, "the error message (msg) is not a string");
            }
            else
            {
                reader.Skip();
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="rest"/>, what follows where the reader stopped, closes the
    /// <paramref name="depth"/> objects it stopped in and ends there (white space after): a structural scan — strings
    /// skipped, brackets counted — at a byte a step, far cheaper than reading the tokens.</summary>
    private static bool ClosesAt(ReadOnlySpan<byte> rest, int depth)
    {
        var i = 0;
        while (depth > 0)
        {
            if (i >= rest.Length)
            {
                return false;
            }

            switch (rest[i++])
            {
                case (byte)'"':
                    while (i < rest.Length && rest[i] != (byte)'"')
                    {
                        i += rest[i] == (byte)'\\' ? 2 : 1;
                    }

                    i++;
                    break;
                case (byte)'{' or (byte)'[':
                    depth++;
                    break;
                case (byte)'}' or (byte)']':
                    depth--;
                    break;
                default:
                    break;
            }
        }

        return i <= rest.Length && rest[i..].TrimEnd(" \t\r\n"u8).IsEmpty;
    }

    private static void ReadTradeField(ref Utf8JsonReader reader, ref BinanceFields fields, byte name)
    {
        switch (name)
        {
            case (byte)'e':
                fields.HasEvent = Text(ref reader, ref fields, out fields.Event, "the event type (e) is not a string");
                break;
            case (byte)'s':
                fields.HasSymbol = Text(ref reader, ref fields, out fields.Symbol, "the symbol (s) is not a string");
                break;
            case (byte)'p':
                fields.HasPrice = Number(ref reader, ref fields, out fields.Price, "the price (p) is not a string");
                break;
            case (byte)'q':
                fields.HasQuantity = Number(ref reader, ref fields, out fields.Quantity, "the quantity (q) is not a string");
                break;
            case (byte)'t':
                fields.HasTradeId = Integer(ref reader, ref fields, out fields.TradeId, "the trade id (t) is not an integer");
                break;
            case (byte)'a':
                fields.HasAggregateId = Integer(ref reader, ref fields, out fields.AggregateId, "the aggregate id (a) is not an integer");
                break;
            case (byte)'T':
                fields.HasTradeTime = Integer(ref reader, ref fields, out fields.TradeTime, "the trade time (T) is not an integer");
                break;
            default:
                reader.Skip();
                break;
        }
    }

    private static bool Text(ref Utf8JsonReader reader, ref BinanceFields fields, out Range value, string problem)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
        {
            var start = (int)reader.TokenStartIndex + 1; // after the opening quote
            value = new Range(start, start + reader.ValueSpan.Length);
            return true;
        }

        value = default;
        fields.Problem ??= reader.TokenType == JsonTokenType.String ? "escaped characters in a field" : problem;
        reader.Skip();
        return false;
    }

    // Binance sends prices and quantities as strings; a bare JSON number is read the same way.
    private static bool Number(ref Utf8JsonReader reader, ref BinanceFields fields, out Range value, string problem)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            var start = (int)reader.TokenStartIndex;
            value = new Range(start, start + reader.ValueSpan.Length);
            return true;
        }

        return Text(ref reader, ref fields, out value, problem);
    }

    private static bool Integer(ref Utf8JsonReader reader, ref BinanceFields fields, out long value, string problem)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value))
        {
            return true;
        }

        value = 0;
        fields.Problem ??= problem;
        reader.Skip();
        return false;
    }
}
