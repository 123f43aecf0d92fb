using OrleansTicks.Grains.Feeds.Finnhub;

namespace OrleansTicks.Grains.Tests.Feeds.Finnhub;

public sealed class FinnhubTradeIdsTests
{
    private const long Ms = 1_763_649_000_123; // 2025-11-20

    [Fact]
    public void Ids_grow_with_time_whatever_the_price_and_size()
    {
        var earlier = FinnhubTradeIds.Derive(Ms, 999_999m, 1_000_000m, 7);
        var later = FinnhubTradeIds.Derive(Ms + 1, 0.0001m, 0m, 0);

        Assert.True(later > earlier);
    }

    [Fact]
    public void The_last_representable_time_stays_below_two_to_the_53()
    {
        var id = FinnhubTradeIds.Derive(FinnhubTradeIds.LastMilliseconds, 1m, 1m, 0);

        Assert.InRange(id, 0, (1L << 53) - 1);
        Assert.False(FinnhubTradeIds.InRange(FinnhubTradeIds.LastMilliseconds + 1));
        Assert.Equal(new DateTime(2054, 11, 3, 0, 0, 0, DateTimeKind.Utc), DateTime.UnixEpoch.AddMilliseconds(FinnhubTradeIds.LastMilliseconds).Date);
    }

    [Fact]
    public void Equal_prices_written_with_another_scale_give_the_same_id()
    {
        Assert.Equal(FinnhubTradeIds.Derive(Ms, 189.5m, 100m, 0), FinnhubTradeIds.Derive(Ms, 189.50m, 100.0m, 0));
    }

    [Fact]
    public void Different_trades_of_one_millisecond_rarely_share_an_id()
    {
        var ids = new HashSet<long>();
        for (var i = 0; i < 100; i++)
        {
            ids.Add(FinnhubTradeIds.Derive(Ms, 100m + (i / 100m), 100m, 0));
        }

        Assert.True(ids.Count >= 98, $"{100 - ids.Count} collisions among 100");
    }

    [Fact]
    public void Next_stays_in_the_same_millisecond()
    {
        var id = FinnhubTradeIds.Derive(Ms, 1m, 1m, 0) | ((1L << FinnhubTradeIds.HashBits) - 1);

        Assert.Equal(id >> FinnhubTradeIds.HashBits, FinnhubTradeIds.Next(id) >> FinnhubTradeIds.HashBits);
        Assert.Equal(0, FinnhubTradeIds.Next(id) & ((1L << FinnhubTradeIds.HashBits) - 1));
    }
}
