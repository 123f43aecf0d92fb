using System.Text.Json;
using OrleansTicks.Grains.Market;

namespace OrleansTicks.Grains.Tests.Market;

public sealed class TradeIdSetTests
{
    [Theory]
    [InlineData(1, 0.0, 0.0)]
    [InlineData(2, 0.05, 0.03)]
    [InlineData(3, 0.5, 0.2)]
    [InlineData(4, 1.0, 0.5)]
    public void Trade_id_set_agrees_with_a_hash_set(int seed, double shuffleShare, double duplicateShare)
    {
        var random = new Random(seed);
        var ids = Enumerable.Range(0, 20_000).Select(i => 1_000_000L + i).ToList();
        // Swap a share of the ids with one up to 500 places away (late and early prints, as feeds have them; the
        // gaps stay under TradeIdSet.MaxRuns), and repeat some.
        for (var i = 0; i < ids.Count; i++)
        {
            if (random.NextDouble() < shuffleShare)
            {
                var j = Math.Clamp(i + random.Next(-500, 501), 0, ids.Count - 1);
                (ids[i], ids[j]) = (ids[j], ids[i]);
            }
        }

        foreach (var id in ids.Where(_ => random.NextDouble() < duplicateShare).ToList())
        {
            ids.Insert(random.Next(ids.Count), id);
        }

        var set = new TradeIdSet();
        var reference = new HashSet<long>();
        foreach (var id in ids)
        {
            Assert.Equal(reference.Add(id), set.TryAdd(id));
        }

        Assert.All(reference, id => Assert.True(set.Contains(id)));
        Assert.False(set.Contains(999_999));
        Assert.False(set.Contains(1_020_000));
    }

    [Fact]
    public void Ids_in_order_keep_a_single_run()
    {
        var set = new TradeIdSet();
        for (var id = 5L; id < 100_000; id++)
        {
            Assert.True(set.TryAdd(id));
        }

        Assert.Equal(1, set.RunCount);
        Assert.False(set.TryAdd(50_000));
        Assert.True(set.TryAdd(4)); // older than every id seen: still new, never presumed seen
        Assert.False(set.TryAdd(4));
    }

    [Fact]
    public void Trade_id_set_round_trips_through_json_and_stays_canonical()
    {
        var set = new TradeIdSet();
        foreach (var id in new long[] { 10, 11, 12, 20, 21, 30, 13, 5 })
        {
            set.TryAdd(id);
        }

        var copy = JsonSerializer.Deserialize<TradeIdSet>(JsonSerializer.Serialize(set))!;
        foreach (var id in Enumerable.Range(0, 40))
        {
            Assert.Equal(set.Contains(id), copy.Contains(id));
        }

        var messy = JsonSerializer.Deserialize<TradeIdSet>("""{"floor":-9223372036854775808,"runs":[{"first":20,"last":25},{"first":1,"last":5},{"first":4,"last":9}]}""")!;
        Assert.Equal([new IdRun(1, 9), new IdRun(20, 25)], messy.Runs);
        Assert.False(messy.TryAdd(7));
        Assert.True(messy.TryAdd(10));
    }

    [Fact]
    public void Too_many_gaps_fold_the_oldest_into_the_floor()
    {
        var set = new TradeIdSet();
        for (var i = 0; i <= TradeIdSet.MaxRuns; i++)
        {
            set.TryAdd(i * 10L); // every id leaves a gap: one run each
        }

        Assert.Equal(TradeIdSet.MaxRuns, set.RunCount);
        Assert.False(set.TryAdd(-5)); // below the folded floor: counted as seen, never applied twice
        Assert.True(set.TryAdd(15 + (10L * (TradeIdSet.MaxRuns - 2))));
    }
}
