using System.Buffers;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.TestKit;

namespace OrleansTicks.GrainInterfaces.Tests;

public sealed class TradeBatchCodecTests
{
    private static readonly string[] Symbols =
    [
        "AAPL", "MSFT", "BTCUSDT", "A", "ÄÖÜ-ß", "日本株式", new string('X', 32), string.Concat(Enumerable.Repeat("📈", 16)),
        "ÉTÉ" + new string('é', 29),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_batches_round_trip_exactly(int seed)
    {
        var random = new Random(seed);
        var writer = new ArrayBufferWriter<byte>();
        for (var round = 0; round < 200; round++)
        {
            var trades = new Trade[random.Next(0, 300)];
            for (var i = 0; i < trades.Length; i++)
            {
                trades[i] = new Trade(
                    Symbols[random.Next(Symbols.Length)],
                    random.NextInt64(long.MinValue, long.MaxValue),
                    RandomDecimal(random),
                    RandomDecimal(random),
                    new DateTime(random.NextInt64(0, DateTime.MaxValue.Ticks + 1), DateTimeKind.Utc));
            }

            writer.ResetWrittenCount();
            TradeBatchCodec.Encode(trades, writer);
            AssertRoundTrips(trades, writer.WrittenSpan);
        }
    }

    [Fact]
    public void Edge_values_round_trip_exactly()
    {
        var trades = new List<Trade>
        {
            new("AAPL", long.MinValue, decimal.MaxValue, decimal.MinValue, new DateTime(0, DateTimeKind.Utc)),
            new("AAPL", long.MaxValue, decimal.MinValue, decimal.MaxValue, new DateTime(DateTime.MaxValue.Ticks, DateTimeKind.Utc)),
            new("AAPL", 0, 1.50m, 1.5m, DateTime.MinValue.ToUniversalTime()),
            new("AAPL", -1, -0.0m, 0m, new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc)),
            new("AAPL", 1, new decimal(-1, -1, -1, true, 28), new decimal(1, 0, 0, false, 28), new DateTime(1, DateTimeKind.Utc)),
        };
        for (byte scale = 0; scale <= 28; scale++)
        {
            trades.Add(new Trade(Symbols[scale % Symbols.Length], scale, new decimal(12345, 0, 0, false, scale), new decimal(0, 0, 7, true, scale), DateTime.UnixEpoch));
        }

        var writer = new ArrayBufferWriter<byte>();
        TradeBatchCodec.Encode(trades.ToArray(), writer);
        AssertRoundTrips(trades.ToArray(), writer.WrittenSpan);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(10_000)]
    public void Batches_of_any_size_round_trip_exactly(int count)
    {
        var trades = Realistic(count, seed: count);
        var writer = new ArrayBufferWriter<byte>();
        TradeBatchCodec.Encode(trades, writer);

        Assert.Equal(count, TradeBatchCodec.ReadCount(writer.WrittenSpan));
        AssertRoundTrips(trades, writer.WrittenSpan);
    }

    [Fact]
    public void Batch_of_thousands_of_symbols_round_trips_and_the_next_batch_is_unaffected()
    {
        var many = Enumerable.Range(0, 3_000)
            .Select(i => new Trade($"S{i:D5}", i, i, 1m, new DateTime(i, DateTimeKind.Utc)))
            .ToArray();
        var writer = new ArrayBufferWriter<byte>();
        TradeBatchCodec.Encode(many, writer);
        AssertRoundTrips(many, writer.WrittenSpan);

        var few = Realistic(50, seed: 9);
        writer.ResetWrittenCount();
        TradeBatchCodec.Encode(few, writer);
        AssertRoundTrips(few, writer.WrittenSpan);
    }

    [Fact]
    public void Small_batch_encodes_to_the_pinned_wire_bytes()
    {
        // The format is a wire contract between nodes: this vector changes only with a new format version.
        Trade[] trades =
        [
            new("AAPL", 1000, 187.25m, 100m, new DateTime(1000, DateTimeKind.Utc)),
            new("MSFT", 1001, 1.50m, -0.001m, new DateTime(1001, DateTimeKind.Utc)),
        ];
        var writer = new ArrayBufferWriter<byte>();
        TradeBatchCodec.Encode(trades, writer);

        const string expected =
            "4F54544201" + "02" + "02" + "04414150" + "4C" + "044D534654" // magic, version, 2 trades, 2 symbols, AAPL, MSFT
            + "00" + "D00F" + "D00F" + "02A59201" + "0064"                 // AAPL, id +1000, ticks +1000, 187.25, 100
            + "01" + "02" + "02" + "029601" + "8301";                      // MSFT, id +1, ticks +1, 1.50, -0.001
        Assert.Equal(expected, Convert.ToHexString(writer.WrittenSpan));
        AssertRoundTrips(trades, Convert.FromHexString(expected));
    }

    [Fact]
    public void Encode_into_a_reused_writer_allocates_nothing_per_trade()
    {
        var trades = Realistic(10_000, seed: 5);
        var writer = new ArrayBufferWriter<byte>();
        TradeBatchCodec.Encode(trades, writer);

        writer.ResetWrittenCount();
        Allocations.AssertNonePerItem(trades.Length, "a warm encode", () => TradeBatchCodec.Encode(trades, writer));
    }

    [Fact]
    public void Decode_allocates_only_the_symbols()
    {
        var trades = Realistic(10_000, seed: 6);
        var writer = new ArrayBufferWriter<byte>();
        TradeBatchCodec.Encode(trades, writer);
        var destination = new Trade[trades.Length];
        TradeBatchCodec.Decode(writer.WrittenSpan, destination);

        var before = GC.GetAllocatedBytesForCurrentThread();
        TradeBatchCodec.Decode(writer.WrittenSpan, destination);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 1_000, $"a warm decode of {trades.Length} trades over 3 symbols allocated {allocated} bytes");
    }

    [Fact]
    public void Segmented_sequence_decodes_like_one_span()
    {
        var trades = Realistic(500, seed: 7);
        var writer = new ArrayBufferWriter<byte>();
        TradeBatchCodec.Encode(trades, writer);
        var sequence = ByteSegment.Split(writer.WrittenMemory, 37);
        var decoded = new List<Trade> { trades[0] };

        Assert.False(sequence.IsSingleSegment);
        Assert.Equal(500, TradeBatchCodec.Decode(sequence, decoded));
        AssertIdentical(trades, decoded.Skip(1).ToArray());
    }

    [Fact]
    public void Encode_of_a_trade_with_a_local_time_throws()
    {
        Trade[] trades = [new("AAPL", 1, 1m, 1m, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Local))];

        var error = Assert.Throws<ArgumentException>(() => TradeBatchCodec.Encode(trades, new ArrayBufferWriter<byte>()));
        Assert.Contains("UTC", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456")]
    public void Encode_of_a_symbol_outside_1_to_32_characters_throws(string symbol)
    {
        Trade[] trades = [new(symbol, 1, 1m, 1m, DateTime.UnixEpoch)];

        Assert.Throws<ArgumentException>(() => TradeBatchCodec.Encode(trades, new ArrayBufferWriter<byte>()));
    }

    internal static void AssertRoundTrips(Trade[] expected, ReadOnlySpan<byte> bytes)
    {
        var array = new Trade[expected.Length];
        Assert.Equal(expected.Length, TradeBatchCodec.Decode(bytes, array));
        AssertIdentical(expected, array);

        var list = new List<Trade>();
        Assert.Equal(expected.Length, TradeBatchCodec.Decode(bytes, list));
        AssertIdentical(expected, list.ToArray());
    }

    private static void AssertIdentical(Trade[] expected, Trade[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            // Record equality would call 1.50 and 1.5 equal; the wire must keep the scale and the sign bit too.
            Assert.Equal(expected[i].Symbol, actual[i].Symbol, StringComparer.Ordinal);
            Assert.Equal(expected[i].TradeId, actual[i].TradeId);
            Assert.Equal(decimal.GetBits(expected[i].Price), decimal.GetBits(actual[i].Price));
            Assert.Equal(decimal.GetBits(expected[i].Size), decimal.GetBits(actual[i].Size));
            Assert.Equal(expected[i].Time.Ticks, actual[i].Time.Ticks);
            Assert.Equal(DateTimeKind.Utc, actual[i].Time.Kind);
        }
    }

    internal static Trade[] Realistic(int count, int seed)
    {
        var random = new Random(seed);
        var time = new DateTime(2026, 3, 4, 14, 30, 0, DateTimeKind.Utc);
        var trades = new Trade[count];
        for (var i = 0; i < count; i++)
        {
            time = time.AddTicks(random.Next(0, 50_000));
            trades[i] = new Trade(Symbols[random.Next(3)], 5_000_000_000L + i, new decimal(random.Next(1_000_000, 2_000_000), 0, 0, false, 4),
                new decimal(random.Next(1, 100_000), 0, 0, false, 3), time);
        }

        return trades;
    }

    private static decimal RandomDecimal(Random random) =>
        random.Next(4) switch
        {
            0 => new decimal(random.Next(), random.Next(), random.Next(), random.Next(2) == 0, (byte)random.Next(29)),
            1 => new decimal(random.Next(), 0, 0, random.Next(2) == 0, (byte)random.Next(29)),
            2 => new decimal(random.Next(), random.Next(), 0, false, (byte)random.Next(10)),
            _ => new decimal(0, 0, random.Next(), false, (byte)random.Next(29)),
        };
}
