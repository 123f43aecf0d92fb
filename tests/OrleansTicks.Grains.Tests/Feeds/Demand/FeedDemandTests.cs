using Microsoft.Extensions.Options;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Feeds.Demand;
using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Feeds.Demand;

public sealed class FeedDemandTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private static FeedDemand Create(ManualTimeProvider clock, params string[] configured) =>
        new(Options.Create(new FeedOptions { Symbols = configured, UnsubscribeGrace = Grace }), clock);

    [Fact]
    public void Configured_symbols_are_wanted_from_the_start_upper_cased()
    {
        using var demand = Create(new ManualTimeProvider(), "btcusdt", " ETHUSDT ");

        Assert.Equal(["BTCUSDT", "ETHUSDT"], demand.Current.Symbols.Order());
        Assert.Equal(0, demand.Current.Version);
    }

    [Fact]
    public async Task Watching_a_symbol_adds_it_and_wakes_a_waiter()
    {
        using var demand = Create(new ManualTimeProvider(), "AAPL");
        var waiter = demand.WaitForChangeAsync(demand.Current.Version);
        Assert.False(waiter.IsCompleted);

        demand.Watch("MSFT");

        await waiter.Within();
        Assert.Equal(["AAPL", "MSFT"], demand.Current.Symbols.Order());
        Assert.Equal(1, demand.Current.Version);
        Assert.True(demand.WaitForChangeAsync(0).IsCompleted); // a version behind: at once
    }

    [Fact]
    public void An_unwatched_symbol_leaves_only_after_the_grace_period()
    {
        var clock = new ManualTimeProvider();
        using var demand = Create(clock);
        demand.Watch("MSFT");
        demand.Unwatch("MSFT");

        clock.Advance(Grace - TimeSpan.FromSeconds(1));
        Assert.Contains("MSFT", demand.Current.Symbols);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain("MSFT", demand.Current.Symbols);
        Assert.Equal(2, demand.Current.Version);
    }

    [Fact]
    public void Watching_again_within_the_grace_period_keeps_the_symbol_without_a_change()
    {
        var clock = new ManualTimeProvider();
        using var demand = Create(clock);
        demand.Watch("MSFT");
        demand.Unwatch("MSFT");
        clock.Advance(Grace / 2);
        demand.Watch("MSFT");

        clock.Advance(Grace * 2);

        Assert.Contains("MSFT", demand.Current.Symbols);
        Assert.Equal(1, demand.Current.Version); // no flap: never removed, never re-added
    }

    [Fact]
    public void A_configured_symbol_stays_wanted_when_its_watchers_leave()
    {
        var clock = new ManualTimeProvider();
        using var demand = Create(clock, "AAPL");
        demand.Watch("AAPL");
        demand.Unwatch("AAPL");

        clock.Advance(Grace * 2);

        Assert.Equal(["AAPL"], demand.Current.Symbols);
    }

    [Fact]
    public void Replacing_the_watched_set_adds_at_once_and_removes_after_the_grace_period()
    {
        var clock = new ManualTimeProvider();
        using var demand = Create(clock);
        demand.Watch("A");
        demand.Watch("B");

        demand.ReplaceWatched(["B", "C"]);
        Assert.Equal(["A", "B", "C"], demand.Current.Symbols.Order());

        clock.Advance(Grace);
        Assert.Equal(["B", "C"], demand.Current.Symbols.Order());
    }

    [Fact]
    public void Unwatching_a_symbol_nobody_watched_changes_nothing()
    {
        var clock = new ManualTimeProvider();
        using var demand = Create(clock);

        demand.Unwatch("NOPE");
        clock.Advance(Grace * 2);

        Assert.Empty(demand.Current.Symbols);
        Assert.Equal(0, demand.Current.Version);
    }
}
