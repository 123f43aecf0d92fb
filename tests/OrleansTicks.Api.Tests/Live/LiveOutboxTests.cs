using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.Api.Live.Outbox;
using OrleansTicks.Api.Observability;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.TestKit;

namespace OrleansTicks.Api.Tests.Live;

/// <summary>The per-connection outbox with a client that sends only when the test lets it.</summary>
public sealed class LiveOutboxTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ApiMetrics _metrics;

    public LiveOutboxTests() => _metrics = new ApiMetrics(_services.GetRequiredService<IMeterFactory>());

    [Fact]
    public async Task A_queued_quote_is_replaced_by_a_newer_one_of_its_symbol_unless_something_of_that_symbol_follows_it()
    {
        var outbox = new GatedOutbox(bound: 100, conflateQuotes: true, _metrics);
        outbox.Start();
        outbox.Deliver(Quote("AAPL", 1)); // taken by the loop, which then waits at the gate
        await Wait.UntilAsync(() => outbox.Pending == 0, "the first message taken");

        outbox.Deliver(Quote("AAPL", 2));
        outbox.Deliver(Quote("MSFT", 3));
        outbox.Deliver(Quote("AAPL", 4)); // replaces 2
        outbox.Deliver(Bar("AAPL", 5));
        outbox.Deliver(Quote("AAPL", 6)); // a bar of AAPL is queued after 4: queued behind it
        Assert.Equal(4, outbox.Pending);
        Assert.Equal(1, _metrics.Conflated);

        outbox.Open();
        await Wait.UntilAsync(() => outbox.Sent.Count == 5, "everything sent");
        Assert.Equal([1L, 4L, 3L, 5L, 6L], outbox.Sent.Select(m => m.Sequence));
        await outbox.CloseAsync();
    }

    [Fact]
    public async Task Without_conflation_every_quote_is_sent()
    {
        var outbox = new GatedOutbox(bound: 100, conflateQuotes: false, _metrics);
        outbox.Start();
        for (var seq = 1; seq <= 5; seq++)
        {
            outbox.Deliver(Quote("AAPL", seq));
        }

        outbox.Open();
        await Wait.UntilAsync(() => outbox.Sent.Count == 5, "everything sent");
        Assert.Equal([1L, 2L, 3L, 4L, 5L], outbox.Sent.Select(m => m.Sequence));
        await outbox.CloseAsync();
    }

    [Fact]
    public async Task A_hold_keeps_messages_queued_until_released()
    {
        var outbox = new GatedOutbox(bound: 100, conflateQuotes: false, _metrics);
        outbox.Open();
        outbox.Start();
        outbox.Hold();
        outbox.Deliver(Quote("AAPL", 1));
        outbox.Deliver(Quote("AAPL", 2));
        Assert.Equal(2, outbox.Pending);

        outbox.Release();
        await Wait.UntilAsync(() => outbox.Sent.Count == 2, "both sent after the release");
        await outbox.CloseAsync();
    }

    [Fact]
    public async Task Overflowing_the_bound_calls_the_abort_once_and_drops_what_was_queued()
    {
        var outbox = new GatedOutbox(bound: 3, conflateQuotes: false, _metrics);
        outbox.Start();
        outbox.Deliver(Quote("AAPL", 1));
        await Wait.UntilAsync(() => outbox.Pending == 0, "the first message taken");
        for (var seq = 2; seq <= 10; seq++)
        {
            outbox.Deliver(Quote("AAPL", seq));
        }

        await Wait.UntilAsync(() => outbox.Overflows == 1, "the overflow reported");
        Assert.Equal(0, outbox.Pending);
        outbox.Open();
        await Wait.UntilAsync(() => outbox.Sent.Count == 1, "the message in flight sent");
        outbox.Deliver(Quote("AAPL", 11)); // closed by the overflow: dropped
        await outbox.CloseAsync();
        Assert.Equal([1L], outbox.Sent.Select(m => m.Sequence));
        Assert.Equal(1, outbox.Overflows);
    }

    [Fact]
    public async Task An_idle_connection_gets_a_notification_written_by_the_notifying_thread_in_one_batch()
    {
        var thread = Environment.CurrentManagedThreadId;
        var outbox = new GatedOutbox(bound: 100, conflateQuotes: false, _metrics);
        outbox.Open(); // not started: a loop would take whatever it finds queued, and only the notifying thread may write here
        using (DeferredWakes.Begin(sendNow: true))
        {
            outbox.Deliver(Quote("AAPL", 1));
            outbox.Deliver(Bar("AAPL", 2));
            Assert.Empty(outbox.Sent); // deferred to the end of the scope
        }

        // Written before the scope's end returned, on this thread.
        var batch = Assert.Single(outbox.Batches);
        Assert.Equal([1L, 2L], batch.Messages.Select(m => m.Sequence));
        Assert.Equal(thread, batch.ThreadId);
        await outbox.CloseAsync();
    }

    [Fact]
    public async Task A_notifying_threads_write_that_does_not_complete_at_once_is_finished_by_the_loop_and_order_is_kept()
    {
        var outbox = new GatedOutbox(bound: 100, conflateQuotes: false, _metrics);
        outbox.Start();
        using (DeferredWakes.Begin(sendNow: true))
        {
            outbox.Deliver(Quote("AAPL", 1));
        } // the write waits at the gate: handed to the loop, and the scope's end returns

        outbox.Deliver(Quote("AAPL", 2));
        using (DeferredWakes.Begin(sendNow: true))
        {
            outbox.Deliver(Quote("AAPL", 3));
        } // the connection is busy: not written here

        Assert.Equal(2, outbox.Pending);
        Assert.Empty(outbox.Sent);
        outbox.Open();
        await Wait.UntilAsync(() => outbox.Sent.Count == 3, "everything sent");
        Assert.Equal([[1L], [2L, 3L]], outbox.Batches.Select(b => b.Messages.Select(m => m.Sequence).ToArray()));
        await outbox.CloseAsync();
    }

    [Fact]
    public async Task A_held_connection_is_not_written_by_the_notifying_thread()
    {
        var outbox = new GatedOutbox(bound: 100, conflateQuotes: false, _metrics);
        outbox.Open();
        outbox.Start();
        outbox.Hold();
        using (DeferredWakes.Begin(sendNow: true))
        {
            outbox.Deliver(Quote("AAPL", 1));
        }

        Assert.Equal(1, outbox.Pending);
        outbox.Release();
        await Wait.UntilAsync(() => outbox.Sent.Count == 1, "sent after the release");
        await outbox.CloseAsync();
    }

    [Fact]
    public async Task Closing_ends_a_notifying_threads_write_that_waits_for_the_client()
    {
        var outbox = new GatedOutbox(bound: 100, conflateQuotes: false, _metrics);
        outbox.Start();
        using (DeferredWakes.Begin(sendNow: true))
        {
            outbox.Deliver(Quote("AAPL", 1));
        }

        await outbox.CloseAsync().WaitAsync(TimeSpan.FromSeconds(30)); // a hang, not a speed: the write is cancelled
        outbox.Open();
        Assert.Empty(outbox.Sent);
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _services.Dispose();
    }

    private static LiveMessage Quote(string symbol, long seq) => LiveMessage.ForQuote(new Quote
    {
        Symbol = symbol, Price = seq, Size = 1, Time = DateTime.UnixEpoch, TradeId = seq, Sequence = seq,
        Open = 1, High = 1, Low = 1, Volume = 1, Trades = 1, Vwap = 1, PreviousClose = null, Subscribers = 1,
    });

    private static LiveMessage Bar(string symbol, long seq) => LiveMessage.ForBar(new BarUpdate(
        symbol, GrainInterfaces.Market.Bar.FromTrade(new Trade(symbol, seq, 1, 1, DateTime.UnixEpoch), DateTime.UnixEpoch), true, 0, seq));

    private sealed class GatedOutbox(int bound, bool conflateQuotes, ApiMetrics metrics) : LiveOutbox(bound, conflateQuotes, metrics)
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _lock = new();
        private readonly List<(LiveMessage[] Messages, int ThreadId)> _batches = [];
        private int _overflows;

        public IReadOnlyList<LiveMessage> Sent => [.. Batches.SelectMany(b => b.Messages)];

        /// <summary>Each batch written, and the thread that wrote it.</summary>
        public IReadOnlyList<(LiveMessage[] Messages, int ThreadId)> Batches
        {
            get
            {
                lock (_lock)
                {
                    return [.. _batches];
                }
            }
        }

        public int Overflows => Volatile.Read(ref _overflows);

        public void Open() => _gate.TrySetResult();

        protected override async ValueTask SendAsync(IReadOnlyList<LiveMessage> batch, CancellationToken cancellationToken)
        {
            var thread = Environment.CurrentManagedThreadId; // completes on this thread when the gate is open
            await _gate.Task.WaitAsync(cancellationToken);
            lock (_lock)
            {
                _batches.Add(([.. batch], thread));
            }
        }

        protected override void OnOverflow() => Interlocked.Increment(ref _overflows);

        protected override void OnSendFailed(Exception exception)
        {
        }
    }
}
