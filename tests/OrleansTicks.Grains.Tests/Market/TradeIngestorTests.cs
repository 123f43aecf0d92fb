using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Market;

public sealed class TradeIngestorTests
{
    private static readonly DateTime Now = new(2026, 11, 20, 15, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Trades_that_make_no_sense_are_counted_by_reason_and_never_applied()
    {
        await using var silo = await MarketSilo.StartAsync(clock: new ManualTimeProvider(new DateTimeOffset(Now)));
        var good = new Trade("AAPL", 1, 10m, 1m, Now.AddSeconds(-1));

        await silo.PublishAsync(
        [
            good with { TradeId = 2, Price = 0m },
            good with { TradeId = 3, Price = -1m },
            good with { TradeId = 4, Size = -5m },
            good with { TradeId = 5, Symbol = "NOPE.NOT.LISTED" },
            good with { TradeId = 6, Symbol = null! },
            good with { TradeId = 7, Time = Now.AddHours(1) }, // a clock far ahead upstream
            good with { TradeId = 8, Time = DateTime.SpecifyKind(Now, DateTimeKind.Local) },
            good with { TradeId = 9, Time = new DateTime(1969, 12, 31, 0, 0, 0, DateTimeKind.Utc) },
            good,
            good with { TradeId = 10, Size = 0m }, // a print without volume is a trade
        ]);

        var rejected = silo.Ingestor.Rejected;
        Assert.Equal(2, rejected["BadPrice"]);
        Assert.Equal(1, rejected["BadSize"]);
        Assert.Equal(2, rejected["UnknownSymbol"]);
        Assert.Equal(3, rejected["BadTime"]);
        Assert.Equal(2, silo.Ingestor.Published);
        var quote = await silo.Grains.GetGrain<ISymbolGrain>("AAPL").GetQuoteAsync().Within();
        Assert.Equal((10m, 1m, 2L), (quote!.Price, quote.Volume, quote.Trades));
    }

    [Fact]
    public async Task A_batch_of_many_symbols_reaches_each_symbols_grain_in_order()
    {
        await using var silo = await MarketSilo.StartAsync(clock: new ManualTimeProvider(new DateTimeOffset(Now)));
        string[] symbols = ["AAPL", "MSFT", "GOOG", "AMZN"];
        var trades = Enumerable.Range(0, 4_000)
            .Select(i => new Trade(symbols[i % symbols.Length], i, 100m + (i % 50), 1m, Now.AddMinutes(-30).AddMilliseconds(i * 250)))
            .ToList();

        await silo.PublishAsync(trades, batchSize: 333);

        foreach (var symbol in symbols)
        {
            var quote = await silo.Grains.GetGrain<ISymbolGrain>(symbol).GetQuoteAsync().Within();
            var last = trades.Last(t => t.Symbol == symbol);
            Assert.Equal((last.Price, last.TradeId, 1_000L), (quote!.Price, quote.TradeId, quote.Trades));
        }

        Assert.Equal(0, silo.Metrics.TradesDuplicate);
    }
}
