using System.Text.Json;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds.Live;
using OrleansTicks.Grains.Symbols;

namespace OrleansTicks.Grains.Feeds.Finnhub;

/// <summary>Reads the <c>data</c> array of a Finnhub trade message into a batch: <c>s</c> (symbol), <c>p</c> (price),
/// <c>v</c> (size), <c>t</c> (Unix milliseconds) required, <c>c</c> (conditions, possibly null) and anything else
/// skipped. Every trade gets its id from <see cref="FinnhubTradeIds"/>.</summary>
internal static class FinnhubTradeReader
{
    private const int MaxEscapedSymbolBytes = SymbolRules.MaxLength * 6; // \uXXXX per character at worst

    /// <summary>Reads the array the reader is at (its start) to its end; null when every trade was good, else what was
    /// wrong (the caller drops the message's trades).</summary>
    public static string? ReadTrades(ref Utf8JsonReader reader, Utf8SymbolTable symbols, LiveTradeBatch trades, int messageStart)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return "a trade is not an object";
            }

            string? symbol = null;
            decimal? price = null, size = null;
            long? time = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("s"u8))
                {
                    reader.Read();
                    if (ReadSymbol(ref reader, symbols, out symbol) is { } problem)
                    {
                        return problem;
                    }
                }
                else if (reader.ValueTextEquals("p"u8))
                {
                    reader.Read();
                    price = reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var p) ? p : null;
                    if (price is null)
                    {
                        return "a price (p) is not a number";
                    }
                }
                else if (reader.ValueTextEquals("v"u8))
                {
                    reader.Read();
                    size = reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var v) ? v : null;
                    if (size is null)
                    {
                        return "a size (v) is not a number";
                    }
                }
                else if (reader.ValueTextEquals("t"u8))
                {
                    reader.Read();
                    time = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var t) ? t : null;
                    if (time is null)
                    {
                        return "a time (t) is not a whole number of milliseconds";
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (symbol is null || price is null || size is null || time is null)
            {
                return "a trade lacks s, p, v or t";
            }

            if (!FinnhubTradeIds.InRange(time.Value))
            {
                return "a trade's time (t) is before 2020 or after 2054";
            }

            var id = IdOf(symbol, time.Value, price.Value, size.Value, trades.Trades.Span[messageStart..]);
            trades.Add(new Trade(symbol, id, price.Value, size.Value, DateTime.UnixEpoch.AddTicks(time.Value * TimeSpan.TicksPerMillisecond)));
        }

        return null;
    }

    private static string? ReadSymbol(ref Utf8JsonReader reader, Utf8SymbolTable symbols, out string? symbol)
    {
        symbol = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            return "a symbol (s) is not a string";
        }

        string? problem;
        string found;
        if (!reader.ValueIsEscaped)
        {
            return symbols.TryGet(reader.ValueSpan, out found, out problem) ? Found(found, out symbol) : problem;
        }

        if (reader.ValueSpan.Length > MaxEscapedSymbolBytes)
        {
            return "symbol too long";
        }

        Span<byte> unescaped = stackalloc byte[MaxEscapedSymbolBytes];
        var length = reader.CopyString(unescaped);
        return symbols.TryGet(unescaped[..length], out found, out problem) ? Found(found, out symbol) : problem;
    }

    private static string? Found(string found, out string? symbol)
    {
        symbol = found;
        return null;
    }

    /// <summary>The trade's id: derived, then moved past any different trade of this message that has it already.</summary>
    private static long IdOf(string symbol, long milliseconds, decimal price, decimal size, ReadOnlySpan<Trade> earlier)
    {
        var ticks = DateTime.UnixEpoch.Ticks + (milliseconds * TimeSpan.TicksPerMillisecond);
        var ordinal = 0;
        foreach (ref readonly var other in earlier)
        {
            if (other.Time.Ticks == ticks && other.Price == price && other.Size == size && ReferenceEquals(other.Symbol, symbol))
            {
                ordinal++;
            }
        }

        var id = FinnhubTradeIds.Derive(milliseconds, price, size, ordinal);
        for (var probes = 0; probes <= (1 << FinnhubTradeIds.HashBits) && Taken(id, symbol, earlier); probes++)
        {
            id = FinnhubTradeIds.Next(id);
        }

        return id;
    }

    private static bool Taken(long id, string symbol, ReadOnlySpan<Trade> earlier)
    {
        foreach (ref readonly var other in earlier)
        {
            if (other.TradeId == id && ReferenceEquals(other.Symbol, symbol))
            {
                return true;
            }
        }

        return false;
    }
}
