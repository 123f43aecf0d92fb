using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Symbols;
using OrleansTicks.Grains.Tests.Market;
using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Feeds.Live;

public abstract partial class LiveFeedConformanceTests
{
    [Fact]
    public async Task Duplicate_trades_are_passed_on_and_applied_once_by_the_symbol_grains()
    {
        await using var vendor = await StartVendorAsync();
        var symbols = vendor.Symbols.Take(3).ToArray();
        await using var silo = await MarketSilo.StartAsync();
        await using var run = StartInto(silo, vendor, symbols);
        await run.UntilSubscribedAsync(symbols);
        var trades = LiveFeedRun.Trades(symbols, 300);

        await vendor.SendTradesAsync(trades);
        await vendor.SendTradesAsync(trades[..90]); // sent again
        await UntilAppliedAsync(silo, 390);

        Assert.Equal(300, silo.Metrics.TradesApplied);
        Assert.Equal(90, silo.Metrics.TradesDuplicate);
        await AssertGrainsHoldTheBarsOfAsync(silo, vendor.AsReceived(trades), symbols);
    }

    [Fact]
    public async Task A_connection_dropped_mid_stream_reconnects_and_trades_resent_after_it_are_applied_once()
    {
        await using var vendor = await StartVendorAsync();
        var symbols = vendor.Symbols.Take(3).ToArray();
        await using var silo = await MarketSilo.StartAsync();
        await using var run = StartInto(silo, vendor, symbols);
        await run.UntilSubscribedAsync(symbols);
        var trades = LiveFeedRun.Trades(symbols, 600);
        await vendor.SendTradesAsync(trades[..300]);
        await UntilAppliedAsync(silo, 300);

        vendor.Server.DropCurrent();
        await run.PumpUntilAsync(() => vendor.Server.Connections.Count == 2, "a second connection");
        await run.UntilSubscribedAsync(symbols);
        await vendor.SendTradesAsync(trades[240..]); // the vendor replays the last 60 it is unsure of

        await UntilAppliedAsync(silo, 660);
        Assert.Equal(600, silo.Metrics.TradesApplied);
        Assert.Equal(60, silo.Metrics.TradesDuplicate);
        Assert.Equal(1, run.Status.Reconnects);
        await AssertGrainsHoldTheBarsOfAsync(silo, vendor.AsReceived(trades), symbols);

        await silo.StopAsync();
        foreach (var symbol in symbols)
        {
            var stored = await silo.Store.ReadAsync(symbol, DateTime.MinValue, DateTime.MaxValue);
            LedgerTests.AssertSameBars(BarsByDefinition.OneMinuteBySymbol(vendor.AsReceived(trades))[symbol], [.. stored.Select(s => s.Bar)], $"{symbol} in storage");
        }
    }

    private static LiveFeedRun StartInto(MarketSilo silo, LiveFeedTestVendor vendor, string[] configured)
    {
        var run = LiveFeedRun.Start(vendor, silo.Ingestor, configured, clock: silo.Clock);
        var directory = silo.Services.GetRequiredService<SymbolDirectory>();
        foreach (var symbol in run.Connector.ProvidedSymbols)
        {
            directory.Register(symbol);
        }

        return run;
    }

    private static Task UntilAppliedAsync(MarketSilo silo, long count) =>
        Wait.UntilAsync(() => silo.Ingestor.Published == count && silo.Metrics.TradesApplied + silo.Metrics.TradesDuplicate == count,
            $"{count} trades to be published and taken by the symbol grains (published {silo.Ingestor.Published}, taken {silo.Metrics.TradesApplied + silo.Metrics.TradesDuplicate})");

    private static async Task AssertGrainsHoldTheBarsOfAsync(MarketSilo silo, List<Trade> trades, string[] symbols)
    {
        var expected = BarsByDefinition.OneMinuteBySymbol(trades);
        foreach (var symbol in symbols)
        {
            var held = await silo.Grains.GetGrain<ISymbolGrain>(symbol).GetRecentBarsAsync(DateTime.MinValue).Within();
            LedgerTests.AssertSameBars(expected[symbol], held, $"{symbol} in memory");
        }
    }
}
