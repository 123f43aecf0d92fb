using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.Api.Contracts;
using OrleansTicks.Api.Live.Bridge;
using OrleansTicks.Api.Live.Outbox;
using OrleansTicks.Api.Observability;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.TestKit;

namespace OrleansTicks.Api.Tests.Live;

/// <summary>The bridge's per-symbol watch on its own, with a manual clock: the paths the end-to-end tests cannot
/// provoke at will (notifications that overtake the first snapshot, a lost observer) and conflation step by step; with a
/// real outbox loop, that what a conflation tick sends a connection leaves in one batch (one socket write).</summary>
public sealed class SymbolWatchTests : IDisposable
{
    private static readonly DateTime Minute = new(2026, 1, 5, 14, 30, 0, DateTimeKind.Utc);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ManualTimeProvider _clock = new();
    private readonly ConflationWindows _windows = new();
    private readonly ApiMetrics _metrics;

    public SymbolWatchTests() => _metrics = new ApiMetrics(_services.GetRequiredService<IMeterFactory>());

    [Fact]
    public void Notifications_that_overtake_the_first_snapshot_are_replayed_after_it_without_the_ones_it_reflects()
    {
        var watch = NewWatch(conflate: false);
        watch.OnUpdate(Of(Quote(seq: 12, price: 12)));
        watch.OnUpdate(Of(Quote(seq: 10, price: 10)));
        watch.OnUpdate(Of(Partial(seq: 11, close: 11)));
        Assert.False(watch.Ready.IsCompleted);

        watch.ApplyFirstSnapshot(new SymbolSnapshot("AAPL", Quote(seq: 10, price: 10), null, 10));
        var client = new Recorder();
        var snapshot = watch.Add(client);
        watch.OnUpdate(Of(Quote(seq: 13, price: 13)));

        Assert.True(watch.Ready.IsCompletedSuccessfully);
        Assert.Equal(12, snapshot.Sequence); // 11 and 12 were applied, 10 dropped
        Assert.Equal(12m, snapshot.Quote!.Price);
        Assert.Equal(11m, snapshot.Bar!.Value.Close);
        Assert.Equal([13L], client.Seqs);
    }

    [Fact]
    public void One_notification_is_forwarded_in_number_order_with_its_quote_among_its_bars()
    {
        var watch = NewWatch(conflate: false);
        var closed = new BarUpdate("AAPL", Bar(4), IsFinal: true, Revision: 0, Sequence: 4);
        watch.OnUpdate(new SymbolUpdate("AAPL", Quote(seq: 5, price: 5), [closed, Partial(seq: 6, close: 6)])); // before the snapshot: held
        watch.ApplyFirstSnapshot(new SymbolSnapshot("AAPL", Quote(seq: 3, price: 3), Bar(3), 3));
        var client = new Recorder();
        var snapshot = watch.Add(client);

        watch.OnUpdate(new SymbolUpdate("AAPL", Quote(seq: 8, price: 8), [Partial(seq: 7, close: 7), Partial(seq: 9, close: 9)]));

        Assert.Equal((6L, 5m, 6m), (snapshot.Sequence, snapshot.Quote!.Price, snapshot.Bar!.Value.Close));
        Assert.Equal([7L, 8L, 9L], client.Seqs);
        Assert.Equal([LiveMessageKind.Bar, LiveMessageKind.Quote, LiveMessageKind.Bar], client.Messages.Select(m => m.Kind));
    }

    [Fact]
    public void Numbers_already_seen_are_dropped_and_the_jump_of_a_recovered_activation_is_forwarded()
    {
        // After a crash the symbol's new activation numbers from the microseconds since the epoch (docs/LIVE.md), far
        // past anything the old one published; a cut-off stale activation, or a redelivery, can still send lower ones.
        const long Recovered = 1_795_186_800_000_001;
        var watch = Started(conflate: false);
        var client = new Recorder();
        watch.Add(client);

        watch.OnUpdate(Of(Quote(seq: 5, price: 5)));
        watch.OnUpdate(Of(Quote(seq: 3, price: 3)));     // older than what was forwarded
        watch.OnUpdate(Of(Partial(seq: 5, close: 99))); // the same number again
        watch.OnUpdate(Of(Quote(seq: 7, price: 7) with { Sequence = Recovered }));
        watch.OnUpdate(Of(Partial(seq: 6, close: 6)));  // the stale activation goes on numbering
        watch.OnUpdate(Of(Partial(seq: Recovered + 1, close: 8)));
        var late = new Recorder();
        var snapshot = watch.Add(late);

        Assert.Equal([5L, Recovered, Recovered + 1], client.Seqs);
        Assert.Equal((Recovered + 1, 7m, 8m), (snapshot.Sequence, snapshot.Quote!.Price, snapshot.Bar!.Value.Close));
        Assert.Empty(late.Messages);
    }

    [Fact]
    public async Task One_notification_reaches_a_connection_as_one_batch()
    {
        var watch = Started(conflate: false);
        var outbox = new BatchOutbox(_metrics);
        outbox.Start();
        watch.Add(outbox);

        watch.OnUpdate(new SymbolUpdate("AAPL", Quote(seq: 2, price: 2), [Partial(seq: 1, close: 1), Partial(seq: 3, close: 3)]));

        await Wait.UntilAsync(() => outbox.Batches.Count == 1, "the notification's batch sent");
        Assert.Equal([("AAPL", 1L), ("AAPL", 2L), ("AAPL", 3L)], Assert.Single(outbox.Batches));
        await outbox.CloseAsync();
    }

    [Fact]
    public void A_deferred_scope_wakes_each_outbox_once_when_the_outermost_scope_ends()
    {
        var first = new CountingWakeable();
        var second = new CountingWakeable();
        using (DeferredWakes.Begin())
        {
            using (DeferredWakes.Begin())
            {
                Assert.True(DeferredWakes.TryDefer(first));
                Assert.True(DeferredWakes.TryDefer(second));
            }

            Assert.True(DeferredWakes.TryDefer(first)); // the inner scope's end woke nothing
            Assert.Equal((0, 0), (first.Wakes, second.Wakes));
        }

        Assert.Equal((1, 1), (first.Wakes, second.Wakes));
        Assert.False(DeferredWakes.TryDefer(first)); // no scope open: the caller wakes at once
        Assert.Equal(1, first.Wakes);
    }

    [Fact]
    public void The_outermost_scope_chooses_whether_its_outboxes_send_now_or_wake()
    {
        var notified = new CountingWakeable();
        var ticked = new CountingWakeable();
        using (DeferredWakes.Begin(sendNow: true)) // a notification
        {
            using (DeferredWakes.Begin())
            {
                Assert.True(DeferredWakes.TryDefer(notified));
            }
        }

        using (DeferredWakes.Begin()) // a conflation tick
        {
            using (DeferredWakes.Begin(sendNow: true))
            {
                Assert.True(DeferredWakes.TryDefer(ticked));
            }
        }

        Assert.Equal((0, 1), (notified.Wakes, notified.SentNow));
        Assert.Equal((1, 0), (ticked.Wakes, ticked.SentNow));
    }

    [Fact]
    public void Conflation_keeps_the_newest_quote_sends_it_when_due_and_flushes_before_a_final_bar()
    {
        var watch = Started(conflate: true);
        var client = new Recorder();
        watch.Add(client);

        watch.OnUpdate(Of(Quote(seq: 1, price: 1))); // the window's first quote: sent at once
        watch.OnUpdate(Of(Quote(seq: 2, price: 2))); // the same window: pending
        watch.OnUpdate(Of(Partial(seq: 3, close: 3))); // bars may go, but quote 2 is older: it waits
        Assert.Equal([1L], client.Seqs);
        watch.OnUpdate(Of(Quote(seq: 4, price: 4))); // replaces 2, so bar 3 is the oldest pending and goes
        Assert.Equal([1L, 3L], client.Seqs);
        Assert.Equal(1, _metrics.Conflated);

        watch.FlushDue(); // quote 4 is not due yet: still the same window
        Assert.Equal([1L, 3L], client.Seqs);
        _windows.Tick([watch]);
        Assert.Equal([1L, 3L, 4L], client.Seqs);

        watch.OnUpdate(Of(Quote(seq: 5, price: 5))); // pending again (a quote left in this window)
        watch.OnUpdate(Of(new BarUpdate("AAPL", Bar(6), IsFinal: true, Revision: 0, Sequence: 6)));
        Assert.Equal([1L, 3L, 4L, 5L, 6L], client.Seqs); // the final bar pushed the pending quote out first, in order
        Assert.Null(watch.Peek().Bar); // the partial bar closed
    }

    [Fact]
    public void A_new_client_gets_the_state_last_forwarded_and_then_exactly_the_later_updates()
    {
        var watch = Started(conflate: true);
        var first = new Recorder();
        watch.Add(first);
        watch.OnUpdate(Of(Quote(seq: 1, price: 1)));
        watch.OnUpdate(Of(Quote(seq: 2, price: 2))); // pending

        var second = new Recorder();
        var snapshot = watch.Add(second);
        _windows.Tick([watch]);

        Assert.Equal(1, snapshot.Sequence);
        Assert.Equal(1m, snapshot.Quote!.Price);
        Assert.Equal([2L], second.Seqs);
        Assert.Equal([1L, 2L], first.Seqs);
    }

    [Fact]
    public void A_renewal_snapshot_still_ahead_after_the_wait_is_forwarded_as_fresh_messages()
    {
        var watch = Started(conflate: false);
        var client = new Recorder();
        watch.Add(client);
        watch.OnUpdate(Of(Quote(seq: 1, price: 1)));

        // The grain was reactivated and forgot the observer: its renewal answers a snapshot at 9 (quote 8, bar 9).
        watch.OnRenewed(new SymbolSnapshot("AAPL", Quote(seq: 8, price: 8), Bar(9), 9));
        Assert.False(watch.CheckGap(TimeSpan.FromSeconds(1)));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(watch.CheckGap(TimeSpan.FromSeconds(1)));
        watch.OnUpdate(Of(Quote(seq: 9, price: 9))); // an old number arriving late: dropped
        watch.OnUpdate(Of(Quote(seq: 10, price: 10)));

        Assert.Equal([1L, 8L, 9L, 10L], client.Seqs);
        Assert.Equal(9m, Assert.IsType<BarMessage>(client.Messages[2].Payload).Bar.Close);
    }

    [Fact]
    public void A_renewal_overtaken_by_its_notifications_is_no_gap()
    {
        var watch = Started(conflate: false);
        var client = new Recorder();
        watch.Add(client);

        watch.OnRenewed(new SymbolSnapshot("AAPL", Quote(seq: 2, price: 2), null, 2));
        watch.OnUpdate(Of(Quote(seq: 1, price: 1)));
        watch.OnUpdate(Of(Quote(seq: 2, price: 2)));
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.False(watch.CheckGap(TimeSpan.FromSeconds(1)));
        Assert.Equal([1L, 2L], client.Seqs);
    }

    [Fact]
    public async Task A_tick_sends_every_symbols_pending_updates_to_a_connection_in_one_batch()
    {
        string[] symbols = ["AAPL", "MSFT", "NVDA"];
        var watches = symbols.Select(symbol => Started(conflate: true, symbol)).ToArray();
        foreach (var watch in watches)
        {
            watch.OnUpdate(Of(Quote(seq: 1, price: 1, watch.Symbol))); // nobody watches yet: this window's quote is used up
        }

        var outbox = new BatchOutbox(_metrics);
        outbox.Start();
        foreach (var watch in watches)
        {
            watch.Add(outbox);
            watch.OnUpdate(Of(Quote(seq: 2, price: 2, watch.Symbol))); // the same window: pending
            watch.OnUpdate(Of(Partial(seq: 3, close: 3, watch.Symbol))); // the window's first partial bar, but behind quote 2
        }

        Assert.Empty(outbox.Batches);
        _windows.Tick(watches);

        await Wait.UntilAsync(() => outbox.Batches.Count == 1, "the tick's batch sent");
        var batch = Assert.Single(outbox.Batches);
        Assert.Equal(symbols.SelectMany(symbol => new[] { (symbol, 2L), (symbol, 3L) }), batch);
        await outbox.CloseAsync();
    }

    [Fact]
    public async Task Without_a_tick_nothing_pending_leaves_and_each_kind_leaves_once_per_window()
    {
        var watch = Started(conflate: true);
        var outbox = new BatchOutbox(_metrics);
        outbox.Start();
        watch.Add(outbox);
        for (var seq = 1; seq <= 10; seq++)
        {
            watch.OnUpdate(Of(Quote(seq, price: seq)));
        }

        await Wait.UntilAsync(() => outbox.Batches.Count == 1, "the window's first quote sent");
        _windows.Tick([watch]);
        await Wait.UntilAsync(() => outbox.Batches.Count == 2, "the newest pending quote sent at the tick");
        _windows.Tick([watch]); // nothing pending: nothing to send

        Assert.Equal([[("AAPL", 1L)], [("AAPL", 10L)]], outbox.Batches);
        Assert.Equal(8, _metrics.Conflated);
        await outbox.CloseAsync();
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _services.Dispose();
    }

    private SymbolWatch NewWatch(bool conflate, string symbol = "AAPL") => new(symbol, conflate ? _windows : null, _clock, _metrics);

    private SymbolWatch Started(bool conflate, string symbol = "AAPL")
    {
        var watch = NewWatch(conflate, symbol);
        watch.ApplyFirstSnapshot(new SymbolSnapshot(symbol, null, null, 0));
        return watch;
    }

    private static Quote Quote(long seq, decimal price, string symbol = "AAPL") => new()
    {
        Symbol = symbol, Price = price, Size = 1, Time = Minute.AddSeconds(seq), TradeId = seq, Sequence = seq,
        Open = 1, High = price, Low = 1, Volume = seq, Trades = seq, Vwap = price, PreviousClose = null, Subscribers = 1,
    };

    private static Bar Bar(decimal close) => GrainInterfaces.Market.Bar.FromTrade(new Trade("AAPL", 1, close, 1, Minute), Minute);

    private static BarUpdate Partial(long seq, decimal close, string symbol = "AAPL") => new(symbol, Bar(close), IsFinal: false, Revision: 0, Sequence: seq);

    private static SymbolUpdate Of(Quote quote) => new(quote.Symbol, quote, []);

    private static SymbolUpdate Of(BarUpdate bar) => new(bar.Symbol, null, [bar]);

    private sealed class Recorder : ILiveSubscriber
    {
        public List<LiveMessage> Messages { get; } = [];

        public List<long> Seqs => [.. Messages.Select(m => m.Sequence)];

        public void Deliver(LiveMessage message) => Messages.Add(message);
    }

    private sealed class CountingWakeable : DeferredWakes.IWakeable
    {
        public int Wakes { get; private set; }

        public int SentNow { get; private set; }

        public void Wake() => Wakes++;

        public void SendNowOrWake() => SentNow++;
    }

    /// <summary>An outbox whose "socket" records each batch it is given to write.</summary>
    private sealed class BatchOutbox(ApiMetrics metrics) : LiveOutbox(bound: 1_000, conflateQuotes: true, metrics)
    {
        private readonly Lock _lock = new();
        private readonly List<(string Symbol, long Sequence)[]> _batches = [];

        public IReadOnlyList<(string Symbol, long Sequence)[]> Batches
        {
            get
            {
                lock (_lock)
                {
                    return [.. _batches];
                }
            }
        }

        protected override ValueTask SendAsync(IReadOnlyList<LiveMessage> batch, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                _batches.Add([.. batch.Select(m => (m.Symbol!, m.Sequence))]);
            }

            return ValueTask.CompletedTask;
        }

        protected override void OnOverflow() => throw new InvalidOperationException("The test's outbox never overflows.");

        protected override void OnSendFailed(Exception exception)
        {
        }
    }
}
