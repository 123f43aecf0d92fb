using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Feeds.Live;

/// <summary>The conformance suite every live websocket connector runs (docs/STYLE.md: one suite per kind of
/// component). A vendor derives a class that starts its <see cref="LiveFeedTestVendor"/>; the tests drive the
/// connector through the vendor's fake server: normal flow, bad messages, vendor errors (here), connection faults
/// (<c>.Faults.cs</c>), demand-driven subscription (<c>.Demand.cs</c>) and exactly-once application in a silo
/// (<c>.Silo.cs</c>).</summary>
public abstract partial class LiveFeedConformanceTests
{
    private const int BadMessageEvent = 4343;
    private const int VendorErrorEvent = 4344;

    /// <summary>Starts the vendor's fake server and returns the adapter over it.</summary>
    protected abstract Task<LiveFeedTestVendor> StartVendorAsync();

    [Fact]
    public async Task Trades_of_the_configured_symbols_reach_the_sink_exactly_as_sent()
    {
        await using var vendor = await StartVendorAsync();
        var symbols = vendor.Symbols.Take(2).ToArray();
        var sink = new CapturingTradeSink(TimeProvider.System);
        await using var run = LiveFeedRun.Start(vendor, sink, symbols);
        await run.UntilSubscribedAsync(symbols);

        var trades = LiveFeedRun.Trades(symbols, 300);
        Assert.Equal(trades.Count, await vendor.SendTradesAsync(trades));

        await Wait.UntilAsync(() => sink.Trades.Count >= trades.Count, "the trades to reach the sink");
        Assert.Equal(vendor.AsReceived(trades), sink.Trades);
        var status = run.Status;
        Assert.Equal(FeedConnectionState.Connected, status.State);
        Assert.True(status.MessagesReceived >= 1, $"messages received: {status.MessagesReceived}");
        Assert.Equal(0, status.BadMessages);
        Assert.Equal(0, status.VendorErrors);
        Assert.Equal(0, status.Reconnects);
        Assert.Equal(2, status.SubscribedSymbols);
        Assert.Equal(run.Clock.GetUtcNow().UtcDateTime, status.ConnectedSince);
        Assert.Equal(run.Clock.GetUtcNow().UtcDateTime, status.LastMessageAt);
        Assert.Single(vendor.Server.Connections);
    }

    [Fact]
    public async Task Malformed_messages_are_counted_logged_with_a_rate_limit_and_not_applied_and_the_connection_stays()
    {
        await using var vendor = await StartVendorAsync();
        var symbols = vendor.Symbols.Take(2).ToArray();
        var sink = new CapturingTradeSink(TimeProvider.System);
        await using var run = LiveFeedRun.Start(vendor, sink, symbols);
        await run.UntilSubscribedAsync(symbols);
        var trades = LiveFeedRun.Trades(symbols, 40);

        await vendor.SendTradesAsync(trades[..20]);
        foreach (var bad in vendor.MalformedMessages)
        {
            await vendor.SendRawAsync(bad);
        }

        await vendor.SendTradesAsync(trades[20..]);
        await Wait.UntilAsync(() => sink.Trades.Count >= trades.Count, "the good trades to reach the sink");

        Assert.Equal(vendor.AsReceived(trades), sink.Trades);
        Assert.Equal(vendor.MalformedMessages.Count, run.Status.BadMessages);
        Assert.Equal(0, run.Status.VendorErrors);
        Assert.Single(vendor.Server.Connections);
        Assert.Single(run.Log.Entries, e => e.Id.Id == BadMessageEvent); // the rest within the period held back

        // After the period the next one is logged, with the number held back.
        run.Clock.Advance(TimeSpan.FromSeconds(11));
        await vendor.SendRawAsync(vendor.MalformedMessages[0]);
        await Wait.UntilAsync(() => run.Log.Entries.Count(e => e.Id.Id == BadMessageEvent) == 2, "the second bad-message log entry");
        Assert.Contains($"{vendor.MalformedMessages.Count - 1} more bad messages were not logged", run.Log.Entries.Last(e => e.Id.Id == BadMessageEvent).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_split_into_frames_is_reassembled_and_one_longer_than_the_limit_is_skipped_as_bad()
    {
        await using var vendor = await StartVendorAsync();
        var symbols = vendor.Symbols.Take(1).ToArray();
        var sink = new CapturingTradeSink(TimeProvider.System);
        await using var run = LiveFeedRun.Start(vendor, sink, symbols, o => o.MaxMessageBytes = 1_024);
        await run.UntilSubscribedAsync(symbols);
        var trades = LiveFeedRun.Trades(symbols, 3);

        await vendor.Server.Current!.SendFragmentedAsync(vendor.EncodeTrade(trades[0]), frameBytes: 7);
        await vendor.SendRawAsync(vendor.EncodeTrade(trades[1]) + new string(' ', 3_000)); // valid, but too long
        await vendor.SendTradesAsync(trades[2..]);

        await Wait.UntilAsync(() => sink.Trades.Count >= 2, "the trades to reach the sink");
        Assert.Equal(vendor.AsReceived([trades[0], trades[2]]), sink.Trades);
        Assert.Equal(1, run.Status.BadMessages);
    }

    [Fact]
    public async Task A_binary_message_is_counted_as_bad_and_the_connection_stays()
    {
        await using var vendor = await StartVendorAsync();
        var symbols = vendor.Symbols.Take(1).ToArray();
        var sink = new CapturingTradeSink(TimeProvider.System);
        await using var run = LiveFeedRun.Start(vendor, sink, symbols);
        await run.UntilSubscribedAsync(symbols);
        var trades = LiveFeedRun.Trades(symbols, 1);

        await vendor.Server.Current!.SendBinaryAsync([1, 2, 3]);
        await vendor.SendTradesAsync(trades);

        await Wait.UntilAsync(() => sink.Trades.Count >= 1, "the trade after the binary message");
        Assert.Equal(1, run.Status.BadMessages);
        Assert.Single(vendor.Server.Connections);
    }

    [Fact]
    public async Task A_vendor_error_message_is_counted_and_logged_and_the_connection_stays()
    {
        await using var vendor = await StartVendorAsync();
        var symbols = vendor.Symbols.Take(1).ToArray();
        var sink = new CapturingTradeSink(TimeProvider.System);
        await using var run = LiveFeedRun.Start(vendor, sink, symbols);
        await run.UntilSubscribedAsync(symbols);
        var trades = LiveFeedRun.Trades(symbols, 2);

        await vendor.SendTradesAsync(trades[..1]);
        await vendor.SendRawAsync(vendor.VendorErrorMessage);
        await vendor.SendTradesAsync(trades[1..]);

        await Wait.UntilAsync(() => sink.Trades.Count >= 2, "the trades around the error");
        Assert.Equal(vendor.AsReceived(trades), sink.Trades);
        Assert.Equal(1, run.Status.VendorErrors);
        Assert.Equal(0, run.Status.BadMessages);
        Assert.Single(run.Log.Entries, e => e.Id.Id == VendorErrorEvent);
        Assert.Single(vendor.Server.Connections);
    }

    [Fact]
    public async Task Stopping_ends_the_run_normally_and_the_status_shows_idle()
    {
        await using var vendor = await StartVendorAsync();
        var symbols = vendor.Symbols.Take(1).ToArray();
        var run = LiveFeedRun.Start(vendor, new CapturingTradeSink(TimeProvider.System), symbols);
        await run.UntilSubscribedAsync(symbols);

        await run.DisposeAsync(); // throws if RunAsync did

        Assert.Equal(FeedConnectionState.Idle, run.Status.State);
        Assert.Null(run.Status.ConnectedSince);
        await vendor.Server.Connections[0].Ended.Within();
    }

    [Fact]
    public async Task Stopping_at_any_moment_of_a_connection_ends_the_run_normally()
    {
        // Stopping cancels the receive and the subscription sends at once; whichever is cancelled first aborts the
        // socket under the other. Stop at staggered moments (connecting, subscribing, streaming) to meet the race.
        await using var vendor = await StartVendorAsync();
        var symbols = vendor.Symbols.Take(3).ToArray();
        for (var i = 0; i < 40; i++)
        {
            var run = LiveFeedRun.Start(vendor, new CapturingTradeSink(TimeProvider.System), symbols);
            await Task.Delay(TimeSpan.FromMilliseconds(i % 8));
            await run.DisposeAsync(); // throws if RunAsync did
            Assert.Equal(FeedConnectionState.Idle, run.Status.State);
        }
    }
}
