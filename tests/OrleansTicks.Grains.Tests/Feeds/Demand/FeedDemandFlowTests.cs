using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds.Demand;
using OrleansTicks.Grains.Tests.Market;
using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Feeds.Demand;

/// <summary>Subscriber counts reported to symbol grains reach the silo's <see cref="FeedDemand"/> through the demand
/// grain and the watcher: what a live connector subscribes to upstream.</summary>
public sealed class FeedDemandFlowTests
{
    private static readonly Dictionary<string, string?> Settings = new() { ["Feed:UnsubscribeGrace"] = "00:00:10", ["Feed:Symbols:0"] = "IBM" };

    [Fact]
    public async Task A_symbols_first_subscriber_makes_it_wanted_and_the_last_one_leaving_unwanted_after_the_grace()
    {
        await using var silo = await MarketSilo.StartAsync(Settings);
        var demand = silo.Services.GetRequiredService<FeedDemand>();
        var aapl = silo.Grains.GetGrain<ISymbolGrain>("AAPL");

        await aapl.SetSubscriberCountAsync("node-a", 2).Within();
        await aapl.SetSubscriberCountAsync("node-b", 1).Within();
        await Wait.UntilAsync(() => demand.Current.Symbols.Contains("AAPL"), "AAPL to be wanted");
        Assert.Equal(["AAPL", "IBM"], demand.Current.Symbols.Order());
        var version = demand.Current.Version;

        await aapl.SetSubscriberCountAsync("node-a", 0).Within(); // one watcher is left: still wanted
        await aapl.SetSubscriberCountAsync("node-b", 0).Within();
        await Wait.UntilAsync(() => silo.Services.GetRequiredService<FeedDemandWatcher>().Version == 2, "the watcher to hear both changes");
        Assert.Contains("AAPL", demand.Current.Symbols); // within the grace
        Assert.Equal(version, demand.Current.Version);

        silo.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(["IBM"], demand.Current.Symbols);
    }

    [Fact]
    public async Task Feed_Symbols_may_be_one_comma_separated_value()
    {
        await using var silo = await MarketSilo.StartAsync(new() { ["Feed:Symbols"] = "ibm, MSFT" });

        Assert.Equal(["IBM", "MSFT"], silo.Services.GetRequiredService<FeedDemand>().Current.Symbols.Order());
    }

    [Fact]
    public async Task A_watched_symbol_whose_grain_stops_re_announcing_is_dropped_after_the_expiry()
    {
        await using var silo = await MarketSilo.StartAsync(Settings);
        var demandGrain = silo.Grains.GetGrain<IFeedDemandGrain>(IFeedDemandGrain.Key);
        await demandGrain.SetWatchedAsync("GHOST", true).Within(); // as from a symbol grain that is then lost
        var demand = silo.Services.GetRequiredService<FeedDemand>();
        await Wait.UntilAsync(() => demand.Current.Symbols.Contains("GHOST"), "GHOST to be wanted");

        for (var i = 0; i < 8; i++) // two minutes of the demand grain's sweeps (every 30 s)
        {
            await silo.WhenIdleAsync();
            silo.Clock.Advance(TimeSpan.FromSeconds(16));
        }

        await Wait.UntilAsync(() => silo.Services.GetRequiredService<FeedDemandWatcher>().Version == 2, "the watcher to hear of the drop");
        Assert.Contains("GHOST", demand.Current.Symbols); // the grace applies here too
        silo.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("GHOST", demand.Current.Symbols);
    }

    [Fact]
    public async Task A_watched_symbol_stays_wanted_while_its_grain_re_announces_it()
    {
        await using var silo = await MarketSilo.StartAsync(Settings);
        var demand = silo.Services.GetRequiredService<FeedDemand>();
        var aapl = silo.Grains.GetGrain<ISymbolGrain>("AAPL");
        await aapl.SetSubscriberCountAsync("node-a", 1).Within();
        await Wait.UntilAsync(() => demand.Current.Symbols.Contains("AAPL"), "AAPL to be wanted");

        for (var i = 0; i < 40; i++) // ten minutes, the node renewing its count every 30 s as the bridge does
        {
            await silo.WhenIdleAsync();
            silo.Clock.Advance(TimeSpan.FromSeconds(15));
            if (i % 2 == 1)
            {
                await aapl.SetSubscriberCountAsync("node-a", 1).Within();
            }
        }

        await silo.WhenIdleAsync();
        Assert.Contains("AAPL", demand.Current.Symbols);
        Assert.Equal(1, demand.Current.Version); // never dropped and re-added
    }
}
