using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Symbols;
using OrleansTicks.Grains.Tests.Feeds.Live;
using OrleansTicks.Grains.Tests.Market;
using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Feeds.Binance;

/// <summary>The acceptance test of the binance connector: a known ledger of random trades (late and duplicate ones
/// included) streamed from the fake Binance server through the connector into a real silo, with the connection
/// dropped half-way and the trades around the drop sent again, must leave every stored bar equal to the bars
/// computed independently from the ledger — zero differences.</summary>
public sealed class BinanceLedgerTests
{
    private static readonly string[] Symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT", "XRPUSDT"];
    private static readonly DateTime Start = new(2026, 11, 20, 14, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task Stored_bars_equal_the_bars_of_the_ledger_streamed_through_the_connector(bool combined, bool aggTrade)
    {
        var ledger = Ledger.Create(seed: combined ? 11 : 10, Symbols, 12_000, Start, TimeSpan.FromMinutes(45));
        await using var vendor = await BinanceTestVendor.StartAsync(combined, aggTrade);
        await using var silo = await MarketSilo.StartAsync();
        await using var run = LiveFeedRun.Start(vendor, silo.Ingestor, Symbols, clock: silo.Clock);
        foreach (var symbol in run.Connector.ProvidedSymbols)
        {
            silo.Services.GetRequiredService<SymbolDirectory>().Register(symbol);
        }

        await run.UntilSubscribedAsync(Symbols);
        var delivery = ledger.Delivery;
        var half = delivery.Count / 2;
        const int resent = 400; // what a client unsure of the last messages before a drop gets again

        Assert.Equal(half, await vendor.SendTradesAsync([.. delivery.Take(half)]));
        await UntilTakenAsync(silo, half);
        vendor.Server.DropCurrent();
        await run.PumpUntilAsync(() => vendor.Server.Connections.Count == 2, "the reconnect");
        await run.UntilSubscribedAsync(Symbols);
        Assert.Equal(delivery.Count - half + resent, await vendor.SendTradesAsync([.. delivery.Skip(half - resent)]));
        await UntilTakenAsync(silo, delivery.Count + resent);

        var expected = ledger.ExpectedBars();
        foreach (var symbol in Symbols)
        {
            var held = await silo.Grains.GetGrain<ISymbolGrain>(symbol).GetRecentBarsAsync(DateTime.MinValue).Within();
            LedgerTests.AssertSameBars(expected[symbol], held, $"{symbol} in memory");
        }

        await silo.StopAsync();
        foreach (var symbol in Symbols)
        {
            var stored = await silo.Store.ReadAsync(symbol, DateTime.MinValue, DateTime.MaxValue);
            LedgerTests.AssertSameBars(expected[symbol], [.. stored.Select(s => s.Bar)], $"{symbol} in storage");
        }

        Assert.Equal(ledger.Trades.Count, silo.Metrics.TradesApplied);
        Assert.Equal(delivery.Count - ledger.Trades.Count + resent, silo.Metrics.TradesDuplicate);
        Assert.Equal(0, run.Status.BadMessages);
        Assert.Equal(1, run.Status.Reconnects);
    }

    private static Task UntilTakenAsync(MarketSilo silo, long count) =>
        Wait.UntilAsync(() => silo.Ingestor.Published == count && silo.Metrics.TradesApplied + silo.Metrics.TradesDuplicate == count,
            $"{count} trades to reach the symbol grains (published {silo.Ingestor.Published})");
}
