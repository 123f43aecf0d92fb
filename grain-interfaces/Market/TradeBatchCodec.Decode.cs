using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace OrleansTicks.GrainInterfaces.Market;

public static partial class TradeBatchCodec
{
    /// <summary>Reads the header of a batch and returns how many trades it holds, so the caller can size its buffer.
    /// The count is checked against the bytes present: a batch that claims more trades than it can hold throws.</summary>
    /// <exception cref="TradeBatchFormatException">The header is malformed.</exception>
    public static int ReadCount(ReadOnlySpan<byte> source)
    {
        var reader = new TradeBatchReader(source);
        return ReadHeader(ref reader).Trades;
    }

    /// <summary>Decodes one batch into <paramref name="destination"/> and returns how many trades it wrote.</summary>
    /// <exception cref="TradeBatchFormatException">The bytes are not a valid batch.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the batch (see
    /// <see cref="ReadCount"/>).</exception>
    public static int Decode(ReadOnlySpan<byte> source, Span<Trade> destination)
    {
        var reader = new TradeBatchReader(source);
        var (trades, symbolCount) = ReadHeader(ref reader);
        if (destination.Length < trades)
        {
            throw new ArgumentException($"The batch holds {trades} trades; the destination has room for {destination.Length}.", nameof(destination));
        }

        var symbols = ArrayPool<string>.Shared.Rent(Math.Max(symbolCount, 1));
        try
        {
            for (var i = 0; i < symbolCount; i++)
            {
                symbols[i] = ReadSymbol(ref reader);
            }

            long id = 0;
            long ticks = 0;
            for (var i = 0; i < trades; i++)
            {
                var index = reader.ReadVarint32("symbol index");
                if (index >= (uint)symbolCount)
                {
                    throw reader.Error($"trade {i} refers to symbol {index}; the table holds {symbolCount}");
                }

                id = unchecked(id + UnZigZag(reader.ReadVarint64("trade id")));
                ticks = unchecked(ticks + UnZigZag(reader.ReadVarint64("time")));
                if ((ulong)ticks > (ulong)DateTime.MaxValue.Ticks)
                {
                    throw reader.Error($"trade {i} has time ticks {ticks}, outside DateTime's range");
                }

                var price = ReadDecimal(ref reader, "price");
                var size = ReadDecimal(ref reader, "size");
                destination[i] = new Trade(symbols[(int)index], id, price, size, new DateTime(ticks, DateTimeKind.Utc));
            }

            if (!reader.AtEnd)
            {
                throw reader.Error($"{reader.Remaining} bytes follow the last trade");
            }

            return trades;
        }
        finally
        {
            ArrayPool<string>.Shared.Return(symbols, clearArray: true);
        }
    }

    /// <summary>Decodes one batch and appends its trades to <paramref name="destination"/>; returns how many.</summary>
    /// <exception cref="TradeBatchFormatException">The bytes are not a valid batch; <paramref name="destination"/> is
    /// then left as it was.</exception>
    public static int Decode(ReadOnlySpan<byte> source, List<Trade> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var count = ReadCount(source);
        var start = destination.Count;
        CollectionsMarshal.SetCount(destination, start + count);
        try
        {
            return Decode(source, CollectionsMarshal.AsSpan(destination)[start..]);
        }
        catch
        {
            destination.RemoveRange(start, count);
            throw;
        }
    }

    /// <summary>Decodes one batch held in a (possibly segmented) sequence and appends its trades to
    /// <paramref name="destination"/>; returns how many.</summary>
    /// <exception cref="TradeBatchFormatException">The bytes are not a valid batch.</exception>
    public static int Decode(in ReadOnlySequence<byte> source, List<Trade> destination)
    {
        if (source.IsSingleSegment)
        {
            return Decode(source.FirstSpan, destination);
        }

        if (source.Length > int.MaxValue)
        {
            throw new TradeBatchFormatException($"A trade batch of {source.Length} bytes is larger than any valid batch.");
        }

        var length = (int)source.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            source.CopyTo(buffer);
            return Decode(buffer.AsSpan(0, length), destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static (int Trades, int Symbols) ReadHeader(ref TradeBatchReader reader)
    {
        var magic = BinaryPrimitives.ReadUInt32BigEndian(reader.ReadBytes(4, "magic"));
        if (magic != Magic)
        {
            throw reader.Error($"magic 0x{magic:X8} is not 0x{Magic:X8} (\"OTTB\"): not a trade batch");
        }

        var version = reader.ReadBytes(1, "format version")[0];
        if (version != Version)
        {
            throw reader.Error($"format version {version} is not supported (this codec reads version {Version})");
        }

        var trades = reader.ReadVarint32("trade count");
        if (trades > MaxTrades || trades > (ulong)reader.Remaining / MinTradeBytes)
        {
            throw reader.Error($"a count of {trades} trades cannot fit in the {reader.Remaining} bytes that follow (limit {MaxTrades:N0})");
        }

        var symbols = reader.ReadVarint32("symbol count");
        if (symbols > trades)
        {
            throw reader.Error($"{symbols} symbols for {trades} trades: every symbol in the table belongs to a trade");
        }

        return ((int)trades, (int)symbols);
    }

    private static string ReadSymbol(ref TradeBatchReader reader)
    {
        var length = reader.ReadVarint32("symbol length");
        if (length is 0 or > MaxSymbolBytes)
        {
            throw reader.Error($"a symbol of {length} UTF-8 bytes (a symbol has 1 to {MaxSymbolLength} characters)");
        }

        var bytes = reader.ReadBytes((int)length, "symbol");
        string symbol;
        try
        {
            symbol = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new TradeBatchFormatException($"Malformed trade batch before byte {reader.Position}: a symbol is not valid UTF-8.", e);
        }

        if (symbol.Length > MaxSymbolLength)
        {
            throw reader.Error($"symbol of {symbol.Length} characters (at most {MaxSymbolLength})");
        }

        return symbol;
    }

    private static decimal ReadDecimal(ref TradeBatchReader reader, string what)
    {
        var flags = reader.ReadBytes(1, what)[0];
        var scale = (byte)(flags & ScaleMask);
        if ((flags & ReservedFlags) != 0 || scale > 28)
        {
            throw reader.Error($"{what} flags 0x{flags:X2}: reserved bit set or scale {scale} above 28");
        }

        var low = reader.ReadVarint64(what);
        uint high = 0;
        if ((flags & HighFlag) != 0)
        {
            high = reader.ReadVarint32(what);
            if (high == 0)
            {
                throw reader.Error($"{what} flags say a high word follows but it is 0");
            }
        }

        return new decimal((int)(uint)low, (int)(uint)(low >> 32), (int)high, (flags & SignFlag) != 0, scale);
    }

    private static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);
}
