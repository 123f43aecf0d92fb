using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.TestKit;

namespace OrleansTicks.Grains.Tests.Feeds.Live;

public abstract partial class LiveFeedConformanceTests
{
    [Fact]
    public async Task A_dropped_connection_is_reconnected_after_a_backoff_and_resubscribed()
    {
        await using var vendor = await StartVendorAsync();
        var symbols = vendor.Symbols.Take(2).ToArray();
        var sink = new CapturingTradeSink(TimeProvider.System);
        await using var run = LiveFeedRun.Start(vendor, sink, symbols);
        await run.UntilSubscribedAsync(symbols);
        var trades = LiveFeedRun.Trades(symbols, 20);
        await vendor.SendTradesAsync(trades[..10]);
        await Wait.UntilAsync(() => sink.Trades.Count >= 10, "the trades before the drop");

        vendor.Server.DropCurrent();
        await Wait.UntilAsync(() => run.Status.State == FeedConnectionState.Connecting, "the connector to see the drop");
        var dropped = run.Clock.GetUtcNow();
        await run.PumpUntilAsync(() => vendor.Server.Connections.Count == 2, "a second connection");
        await run.UntilSubscribedAsync(symbols);
        await vendor.SendTradesAsync(trades[10..]);

        await Wait.UntilAsync(() => sink.Trades.Count >= 20, "the trades after the reconnect");
        Assert.Equal(vendor.AsReceived(trades), sink.Trades);
        Assert.True(run.Clock.GetUtcNow() - dropped >= TimeSpan.FromSeconds(0.5), "the reconnect waited for the backoff (at least half the first delay)");
        var status = run.Status;
        Assert.Equal(FeedConnectionState.Connected, status.State);
        Assert.Equal(1, status.Reconnects);
        Assert.NotNull(status.LastError);
        Assert.Equal(symbols.Order(), vendor.SubscriptionRequests.Where(r => r.Connection == 2 && r.Subscribe).Select(r => r.Symbol).Order());
    }

    [Fact]
    public async Task A_connection_the_server_closes_is_reconnected_and_resubscribed()
    {
        await using var vendor = await StartVendorAsync();
        var symbols = vendor.Symbols.Take(1).ToArray();
        await using var run = LiveFeedRun.Start(vendor, new CapturingTradeSink(TimeProvider.System), symbols);
        await run.UntilSubscribedAsync(symbols);

        await vendor.Server.Current!.CloseAsync();
        await run.PumpUntilAsync(() => vendor.Server.Connections.Count == 2, "a second connection");
        await run.UntilSubscribedAsync(symbols);

        Assert.Equal(1, run.Status.Reconnects);
        Assert.Contains("closed by the server", run.Status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silent_server_is_dropped_after_the_stall_timeout_and_reconnected()
    {
        await using var vendor = await StartVendorAsync();
        var symbols = vendor.Symbols.Take(1).ToArray();
        await using var run = LiveFeedRun.Start(vendor, new CapturingTradeSink(TimeProvider.System), symbols, o => o.StallTimeout = TimeSpan.FromSeconds(30));
        var first = await vendor.Server.WaitForConnectionAsync(1);
        first.Silent = true; // accepts the connection, then never says a word

        await run.PumpUntilAsync(() => vendor.Server.Connections.Count == 2, "a reconnect after the stall", TimeSpan.FromSeconds(1));
        await run.UntilSubscribedAsync(symbols);

        Assert.Contains("StallTimeout", run.Status.LastError, StringComparison.Ordinal);
        Assert.Equal(1, run.Status.Reconnects);
        Assert.True(run.Clock.GetUtcNow() - new DateTimeOffset(2026, 11, 20, 15, 0, 0, TimeSpan.Zero) >= TimeSpan.FromSeconds(30), "not before the stall timeout");
        await first.Ended.Within();
    }

    [Fact]
    public async Task A_server_that_never_completes_the_handshake_is_retried_after_the_connect_timeout()
    {
        await using var vendor = await StartVendorAsync();
        vendor.Server.HoldHandshakes = true;
        var symbols = vendor.Symbols.Take(1).ToArray();
        await using var run = LiveFeedRun.Start(vendor, new CapturingTradeSink(TimeProvider.System), symbols, o => o.ConnectTimeout = TimeSpan.FromMinutes(10));
        await Wait.UntilAsync(() => vendor.Server.HeldHandshakes == 1, "the first handshake to be held");

        await run.PumpUntilAsync(() => vendor.Server.HeldHandshakes == 2, "a second attempt after the timeout", TimeSpan.FromSeconds(5));
        Assert.Equal(FeedConnectionState.Connecting, run.Status.State);
        Assert.Contains("no answer to the connect", run.Status.LastError, StringComparison.Ordinal);

        vendor.Server.HoldHandshakes = false;
        await run.PumpUntilAsync(() => vendor.Server.Connections.Count == 1, "a connection once the server answers", TimeSpan.FromSeconds(5));
        await run.UntilSubscribedAsync(symbols);
        Assert.True(run.Status.Reconnects >= 2, $"reconnects: {run.Status.Reconnects}");
    }

    [Fact]
    public async Task A_connection_reaching_the_maximum_age_is_replaced_at_once_and_resubscribed()
    {
        await using var vendor = await StartVendorAsync();
        var symbols = vendor.Symbols.Take(2).ToArray();
        await using var run = LiveFeedRun.Start(vendor, new CapturingTradeSink(TimeProvider.System), symbols, o =>
        {
            o.MaxConnectionAge = TimeSpan.FromHours(23);
            o.StallTimeout = TimeSpan.Zero; // a quiet feed: only the age ends the connection
        });
        await run.UntilSubscribedAsync(symbols);
        var first = vendor.Server.Connections[0];

        await run.PumpUntilAsync(() => vendor.Server.Connections.Count == 2, "a fresh connection at the age limit", TimeSpan.FromMinutes(10));
        await run.UntilSubscribedAsync(symbols);

        await first.Ended.Within();
        Assert.Equal(1, run.Status.Reconnects);
        Assert.Null(run.Status.LastError); // a planned replacement, not a fault
        Assert.True(run.Clock.GetUtcNow() - new DateTimeOffset(2026, 11, 20, 15, 0, 0, TimeSpan.Zero) >= TimeSpan.FromHours(23), "not before the age limit");
    }

    [Fact]
    public async Task A_sink_that_fails_ends_only_the_connection_and_the_feed_goes_on()
    {
        await using var vendor = await StartVendorAsync();
        var symbols = vendor.Symbols.Take(1).ToArray();
        var sink = new FailingOnceSink(new CapturingTradeSink(TimeProvider.System));
        await using var run = LiveFeedRun.Start(vendor, sink, symbols);
        await run.UntilSubscribedAsync(symbols);
        var trades = LiveFeedRun.Trades(symbols, 4);

        await vendor.SendTradesAsync(trades[..1]);
        await run.PumpUntilAsync(() => vendor.Server.Connections.Count == 2, "a reconnect after the failed publish");
        await run.UntilSubscribedAsync(symbols);
        await vendor.SendTradesAsync(trades[1..]);

        await Wait.UntilAsync(() => sink.Inner.Trades.Count == 3, "the trades after the reconnect");
        Assert.Equal(vendor.AsReceived(trades[1..]), sink.Inner.Trades);
        Assert.Contains(FailingOnceSink.Failure, run.Status.LastError, StringComparison.Ordinal);
        Assert.False(run.Running.IsCompleted);
    }

    private sealed class FailingOnceSink(CapturingTradeSink inner) : ITradeSink
    {
        public const string Failure = "the sink failed once";

        private int _calls;

        public CapturingTradeSink Inner => inner;

        public ValueTask PublishAsync(ReadOnlyMemory<GrainInterfaces.Market.Trade> trades, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _calls) == 1 ? throw new InvalidOperationException(Failure) : inner.PublishAsync(trades, cancellationToken);
    }
}
