using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.TestKit.Feeds;

/// <summary>Serves a <see cref="Ledger"/> over a <see cref="FakeBinanceServer"/> by the clock: a delivery is sent once
/// its time has come, on every open connection subscribed to its symbol. Each connection has its own progress per
/// symbol, so a connection that subscribes late (a new feed leader after the old one died, a reconnect) first gets
/// every delivery already due — the catch-up — and then the rest as they come due: every trade of the ledger reaches
/// whoever is connected at least once, and the symbol grains must drop the repeats by trade id.</summary>
public sealed class PacedLedgerFeed : IAsyncDisposable
{
    // Deliveries due within this are sent together: the pump wakes at most every 10 ms, not once per trade.
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaximumWait = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan CatchUpAfter = TimeSpan.FromSeconds(1);

    private readonly FakeBinanceServer _server;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, LedgerDelivery[]> _bySymbol;
    private readonly Dictionary<int, LedgerConnectionProgress> _progress = [];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _pump = Task.CompletedTask;

    private PacedLedgerFeed(FakeBinanceServer server, Ledger ledger, TimeProvider clock)
    {
        _server = server;
        _clock = clock;
        _bySymbol = ledger.Schedule.GroupBy(d => d.Trade.Symbol).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        End = ledger.Schedule.Count == 0 ? DateTime.MinValue : ledger.Schedule[^1].At;
    }

    /// <summary>When the last delivery is due (UTC).</summary>
    public DateTime End { get; }

    /// <summary>Completes when every delivery of the ledger has been sent on some connection; faults if the pump fails.</summary>
    public Task Completed => _completed.Task;

    /// <summary>What was sent on each connection so far, oldest connection first.</summary>
    public IReadOnlyList<LedgerConnectionReport> Connections
    {
        get
        {
            lock (_lock)
            {
                return [.. _progress.Values.OrderBy(p => p.Connection).Select(p => p.Report())];
            }
        }
    }

    /// <summary>Starts serving <paramref name="ledger"/>'s schedule on <paramref name="server"/>'s connections, by
    /// <paramref name="clock"/> (the system clock by default).</summary>
    public static PacedLedgerFeed Start(FakeBinanceServer server, Ledger ledger, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(ledger);
        var feed = new PacedLedgerFeed(server, ledger, clock ?? TimeProvider.System);
        server.SubscriptionsChanged += feed.OnSubscriptionsChanged;
        feed._pump = Task.Run(() => feed.PumpAsync(feed._stopping.Token));
        return feed;
    }

    public async ValueTask DisposeAsync()
    {
        _server.SubscriptionsChanged -= OnSubscriptionsChanged;
        await _stopping.CancelAsync();
        await _pump;
        _stopping.Dispose();
        _wake.Dispose();
    }

    // A subscription wakes the pump at once, so the catch-up starts without waiting for the next due delivery.
    private void OnSubscriptionsChanged(FakeWebSocketConnection connection)
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var now = _clock.GetUtcNow().UtcDateTime;
                var next = DateTime.MaxValue;
                foreach (var connection in _server.Connections)
                {
                    if (connection.IsOpen)
                    {
                        next = Min(next, await SendDueAsync(connection, now, cancellationToken));
                    }
                }

                await WaitAsync(next == DateTime.MaxValue ? MaximumWait : Clamp(next - now), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (Exception exception)
        {
            _completed.TrySetException(exception);
        }
    }

    /// <summary>Sends what is due on <paramref name="connection"/> of every symbol it subscribes; returns when the next
    /// delivery is due there (<see cref="DateTime.MaxValue"/> when all is sent or nothing is subscribed).</summary>
    private async Task<DateTime> SendDueAsync(FakeWebSocketConnection connection, DateTime now, CancellationToken cancellationToken)
    {
        LedgerConnectionProgress progress;
        lock (_lock)
        {
            if (!_progress.TryGetValue(connection.Index, out progress!))
            {
                progress = new LedgerConnectionProgress(connection.Index);
                _progress.Add(connection.Index, progress);
            }
        }

        var subscribed = _server.SubscribedSymbolsOf(connection);
        var next = DateTime.MaxValue;
        var complete = true;
        foreach (var (symbol, deliveries) in _bySymbol)
        {
            var from = progress.Next.GetValueOrDefault(symbol);
            if (!subscribed.Contains(symbol))
            {
                complete &= from == deliveries.Length;
                continue;
            }

            var to = from;
            var caughtUp = 0;
            while (to < deliveries.Length && deliveries[to].At <= now)
            {
                caughtUp += now - deliveries[to].At > CatchUpAfter ? 1 : 0;
                to++;
            }

            if (to > from)
            {
                await _server.SendTradesAsync(connection, Trades(deliveries, from, to), cancellationToken);
                progress.Next[symbol] = to;
                lock (_lock)
                {
                    progress.Sent += to - from;
                    progress.CaughtUp += caughtUp;
                }
            }

            if (to < deliveries.Length)
            {
                complete = false;
                next = Min(next, deliveries[to].At);
            }
        }

        if (complete)
        {
            lock (_lock)
            {
                progress.Complete = true;
            }

            _completed.TrySetResult();
        }

        return next;
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(delay, _clock);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await _wake.WaitAsync(either.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The next delivery is due.
        }
    }

    private static IEnumerable<Trade> Trades(LedgerDelivery[] deliveries, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            yield return deliveries[i].Trade;
        }
    }

    private static TimeSpan Clamp(TimeSpan wait) => wait < MinimumWait ? MinimumWait : wait > MaximumWait ? MaximumWait : wait;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
