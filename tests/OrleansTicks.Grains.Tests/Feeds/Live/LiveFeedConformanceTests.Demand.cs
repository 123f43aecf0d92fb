namespace OrleansTicks.Grains.Tests.Feeds.Live;

public abstract partial class LiveFeedConformanceTests
{
    [Fact]
    public async Task Watching_a_symbol_subscribes_it_upstream_and_the_last_unwatch_unsubscribes_it_after_the_grace()
    {
        await using var vendor = await StartVendorAsync();
        string[] configured = [vendor.Symbols[0]];
        var watched = vendor.Symbols[1];
        await using var run = await StartWatchingAsync(vendor, configured, watched);

        run.Demand.Unwatch(watched);
        var left = run.Clock.GetUtcNow();
        await run.PumpUntilAsync(() => !vendor.SubscribedUpstream.Contains(watched), "the unsubscribe after the grace", TimeSpan.FromSeconds(1));
        await run.UntilSubscribedAsync(configured);

        Assert.True(run.Clock.GetUtcNow() - left >= LiveFeedRun.Grace, "not before the grace period");
        Assert.Equal([(1, true, configured[0]), (1, true, watched), (1, false, watched)], vendor.SubscriptionRequests);
    }

    [Fact]
    public async Task A_symbol_watched_again_within_the_grace_stays_subscribed_without_flapping()
    {
        await using var vendor = await StartVendorAsync();
        string[] configured = [vendor.Symbols[0]];
        var watched = vendor.Symbols[1];
        await using var run = await StartWatchingAsync(vendor, configured, watched);

        run.Demand.Unwatch(watched);
        run.Clock.Advance(LiveFeedRun.Grace / 2);
        run.Demand.Watch(watched);
        run.Clock.Advance(LiveFeedRun.Grace * 3);
        run.Demand.Watch(vendor.Symbols[2]); // a later change, so the loop has surely seen the earlier ones
        await run.UntilSubscribedAsync(configured[0], watched, vendor.Symbols[2]);

        Assert.DoesNotContain(vendor.SubscriptionRequests, r => !r.Subscribe);
    }

    [Fact]
    public async Task A_reconnect_subscribes_the_configured_and_the_watched_symbols_again()
    {
        await using var vendor = await StartVendorAsync();
        string[] configured = [vendor.Symbols[0]];
        await using var run = LiveFeedRun.Start(vendor, new CapturingTradeSink(TimeProvider.System), configured);
        await run.UntilSubscribedAsync(configured);
        run.Demand.Watch(vendor.Symbols[2]);
        await run.UntilSubscribedAsync(configured[0], vendor.Symbols[2]);

        vendor.Server.DropCurrent();
        await run.PumpUntilAsync(() => vendor.Server.Connections.Count == 2, "a second connection");
        await run.UntilSubscribedAsync(configured[0], vendor.Symbols[2]);

        Assert.Equal(new[] { configured[0], vendor.Symbols[2] }.Order(), vendor.SubscriptionRequests.Where(r => r.Connection == 2).Select(r => r.Symbol).Order());
    }

    /// <summary>A run subscribed upstream to <paramref name="configured"/> and, watched, <paramref name="watched"/>.</summary>
    private static async Task<LiveFeedRun> StartWatchingAsync(LiveFeedTestVendor vendor, string[] configured, string watched)
    {
        var run = LiveFeedRun.Start(vendor, new CapturingTradeSink(TimeProvider.System), configured);
        await run.UntilSubscribedAsync(configured);
        run.Demand.Watch(watched);
        await run.UntilSubscribedAsync([.. configured, watched]);
        return run;
    }
}
