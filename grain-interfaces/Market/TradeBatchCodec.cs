using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace OrleansTicks.GrainInterfaces.Market;

/// <summary>The binary wire format of a batch of <see cref="Trade"/>s, the payload of a RabbitMQ partition message
/// (docs/RABBITMQ.md, "Trade batch format"). Every value round-trips exactly: decimal scale and sign, DateTime ticks
/// (always <see cref="DateTimeKind.Utc"/>). A batch is per partition, so symbols repeat: each distinct symbol is
/// written once in a table and trades refer to it by index; trade ids and times are zigzag varints of the delta
/// against the previous trade. Encoding allocates nothing per trade; decoding allocates one string per distinct
/// symbol.</summary>
public static partial class TradeBatchCodec
{
    /// <summary>The first four bytes of every batch: ASCII "OTTB".</summary>
    public const uint Magic = 0x4F545442;

    /// <summary>The format version this codec writes and the only one it reads.</summary>
    public const byte Version = 1;

    /// <summary>The longest symbol in characters, as everywhere in OrleansTicks.</summary>
    public const int MaxSymbolLength = 32;

    /// <summary>The most trades one batch may hold; a larger count is rejected as forged.</summary>
    public const int MaxTrades = 1_000_000;

    private const int HeaderBytes = 5;

    // A UTF-16 char encodes to at most 3 UTF-8 bytes (a surrogate pair, 2 chars, to 4).
    private const int MaxSymbolBytes = MaxSymbolLength * 3;

    // Per trade at most: symbol index (5), id delta (10), time delta (10), two decimals (1 + 10 + 5 each).
    private const int MaxTradeBytes = 5 + 10 + 10 + (2 * 16);

    // Per trade at least one byte each for symbol index, id and time, two for each decimal (flags + a varint).
    private const int MinTradeBytes = 7;

    // Decimal flag byte: bits 0-4 the scale (0-28), bit 6 "a high 32-bit word follows", bit 7 the sign.
    private const byte ScaleMask = 0x1F;
    private const byte HighFlag = 0x40;
    private const byte SignFlag = 0x80;
    private const byte ReservedFlags = 0x20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [ThreadStatic]
    private static Dictionary<string, int>? _symbolIndex;

    [ThreadStatic]
    private static List<string>? _symbolOrder; // the table in index order: a dictionary's enumeration order is not a contract

    /// <summary>Writes <paramref name="trades"/> as one batch into <paramref name="writer"/>.</summary>
    /// <exception cref="ArgumentException">A trade's symbol is empty or longer than <see cref="MaxSymbolLength"/>
    /// characters, its time is not UTC, or the batch holds more than <see cref="MaxTrades"/> trades.</exception>
    public static void Encode(ReadOnlySpan<Trade> trades, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (trades.Length > MaxTrades)
        {
            throw new ArgumentException($"A trade batch holds at most {MaxTrades:N0} trades, not {trades.Length:N0}.", nameof(trades));
        }

        var symbols = _symbolIndex ??= new Dictionary<string, int>(StringComparer.Ordinal);
        var order = _symbolOrder ??= [];
        symbols.Clear();
        order.Clear();
        foreach (ref readonly var trade in trades)
        {
            ValidateForEncode(trade);
            if (symbols.TryAdd(trade.Symbol, symbols.Count))
            {
                order.Add(trade.Symbol);
            }
        }

        var header = writer.GetSpan(HeaderBytes + 10);
        BinaryPrimitives.WriteUInt32BigEndian(header, Magic);
        header[4] = Version;
        var written = HeaderBytes + WriteVarint(header[HeaderBytes..], (uint)trades.Length);
        written += WriteVarint(header[written..], (uint)symbols.Count);
        writer.Advance(written);

        foreach (var symbol in order)
        {
            var span = writer.GetSpan(5 + MaxSymbolBytes);
            var length = StrictUtf8.GetBytes(symbol, span[1..]);
            span[0] = (byte)length;
            writer.Advance(1 + length);
        }

        long previousId = 0;
        long previousTicks = 0;
        foreach (ref readonly var trade in trades)
        {
            var span = writer.GetSpan(MaxTradeBytes);
            var at = WriteVarint(span, (uint)symbols[trade.Symbol]);
            at += WriteVarint(span[at..], ZigZag(unchecked(trade.TradeId - previousId)));
            at += WriteVarint(span[at..], ZigZag(unchecked(trade.Time.Ticks - previousTicks)));
            at += WriteDecimal(span[at..], trade.Price);
            at += WriteDecimal(span[at..], trade.Size);
            writer.Advance(at);
            previousId = trade.TradeId;
            previousTicks = trade.Time.Ticks;
        }

        // Clear costs the capacity, not the count: after a batch with unusually many symbols start small again.
        if (symbols.Count > 1024)
        {
            _symbolIndex = null;
            _symbolOrder = null;
        }
    }

    private static void ValidateForEncode(in Trade trade)
    {
        if (string.IsNullOrEmpty(trade.Symbol) || trade.Symbol.Length > MaxSymbolLength)
        {
            throw new ArgumentException(
                $"Trade {trade.TradeId}: a symbol has 1 to {MaxSymbolLength} characters, not {trade.Symbol?.Length ?? 0}.", nameof(trade));
        }

        if (trade.Time.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException($"Trade {trade.TradeId} of {trade.Symbol}: its time must be UTC, not {trade.Time.Kind}.", nameof(trade));
        }
    }

    private static int WriteDecimal(Span<byte> destination, decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var flags = (byte)((bits[3] >> 16) & ScaleMask);
        if (bits[3] < 0)
        {
            flags |= SignFlag;
        }

        var high = (uint)bits[2];
        if (high != 0)
        {
            flags |= HighFlag;
        }

        destination[0] = flags;
        var at = 1 + WriteVarint(destination[1..], ((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
        if (high != 0)
        {
            at += WriteVarint(destination[at..], high);
        }

        return at;
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static int WriteVarint(Span<byte> destination, ulong value)
    {
        var at = 0;
        while (value >= 0x80)
        {
            destination[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[at++] = (byte)value;
        return at;
    }
}
