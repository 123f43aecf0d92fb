using OrleansTicks.Grains.Market;
using OrleansTicks.Grains.Storage;

namespace OrleansTicks.Grains.Tests.Storage;

public sealed class TradeIdRunsCodecTests
{
    public static TheoryData<long, long[]> Sets => new()
    {
        { long.MinValue, [] },
        { long.MinValue, [long.MinValue + 2, long.MinValue + 2, 0, 0, long.MaxValue - 2, long.MaxValue] },
        { -5, [-3, 7, 9, 9] },
        { long.MaxValue - 2, [long.MaxValue, long.MaxValue] },
        { long.MaxValue, [] },
    };

    [Theory]
    [MemberData(nameof(Sets))]
    public void Runs_round_trip_at_the_extremes_of_long(long floor, long[] bounds)
    {
        var runs = Enumerable.Range(0, bounds.Length / 2).Select(i => new IdRun(bounds[2 * i], bounds[(2 * i) + 1])).ToArray();
        var set = new TradeIdSet { Floor = floor, Runs = runs };
        Assert.True(TradeIdRunsCodec.IsCanonical(set));

        var decoded = TradeIdRunsCodec.Decode("AAPL", floor, TradeIdRunsCodec.Encode(set));

        Assert.Equal(floor, decoded.Floor);
        Assert.Equal(runs, decoded.Runs);
    }

    [Fact]
    public void Dense_ids_take_a_few_bytes_per_run()
    {
        var set = new TradeIdSet();
        for (var id = 1_700_000_000_000L; set.RunCount < TradeIdSet.MaxRuns; id += id % 5 == 0 ? 3 : 1)
        {
            set.TryAdd(id);
        }

        var bytes = TradeIdRunsCodec.Encode(set);

        // The format, the count (two bytes), the first run's gap from the initial floor long.MinValue (ten), and for
        // every run a length of up to five and, after the first, a gap of one id: one byte each.
        Assert.Equal(1 + 2 + 9 + (2 * TradeIdSet.MaxRuns), bytes.Length);
    }

    [Theory]
    [InlineData(new byte[0], "the runs are empty")]
    [InlineData(new byte[] { 2, 0 }, "unknown format 2")]
    [InlineData(new byte[] { 1, 0x80 }, "end inside a number")]
    [InlineData(new byte[] { 1, 3, 0, 0, 0, 0 }, "3 runs cannot fit in 6 bytes")]
    [InlineData(new byte[] { 1, 1, 0, 0, 7 }, "1 bytes follow the last run")]
    [InlineData(new byte[] { 1, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0 }, "longer than 64 bits")]
    public void Malformed_runs_throw_InvalidDataException_naming_the_symbol(byte[] bytes, string why)
    {
        var error = Assert.Throws<InvalidDataException>(() => TradeIdRunsCodec.Decode("MSFT", 0, bytes));

        Assert.Contains("The stored trade-id record of MSFT is unreadable", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_beyond_the_largest_id_throw_InvalidDataException()
    {
        // Floor long.MaxValue - 2: the first run can only be [long.MaxValue, long.MaxValue].
        var starts = Assert.Throws<InvalidDataException>(() => TradeIdRunsCodec.Decode("X", long.MaxValue - 2, [1, 1, 1, 0]));
        var ends = Assert.Throws<InvalidDataException>(() => TradeIdRunsCodec.Decode("X", long.MaxValue - 2, [1, 1, 0, 1]));

        Assert.Contains("run 0 starts beyond the largest id", starts.Message, StringComparison.Ordinal);
        Assert.Contains("run 0 ends beyond the largest id", ends.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_set_whose_floor_covers_a_run_is_not_canonical()
    {
        var set = new TradeIdSet { Runs = [new IdRun(5, 6)] };
        Assert.True(TradeIdRunsCodec.IsCanonical(set));

        set.Floor = 4;

        Assert.False(TradeIdRunsCodec.IsCanonical(set));
    }
}
