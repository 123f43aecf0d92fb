using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Api.Live.Bridge;

// The bridge's loops: subscriber counts (changed ones every UpkeepPeriod, all with each renewal), renewals, gap checks,
// retiring watches nobody wants, and the conflation timer. Calls for one symbol are never concurrent (one loop makes
// them, each round awaited), so a symbol grain sees this node's counts in the order they were taken.
internal sealed partial class SymbolWatchBridge
{
    private static readonly TimeSpan UpkeepPeriod = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan GapWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The shortest conflation window: above 200 updates per second and symbol, a kind leaves at most 200 times.</summary>
    private static readonly TimeSpan ShortestConflationWindow = TimeSpan.FromMilliseconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var conflation = _windows is { } windows ? RunConflationAsync(windows, stoppingToken) : Task.CompletedTask;
        try
        {
            await RunUpkeepAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }

        try
        {
            await conflation.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }

        await LeaveAsync().ConfigureAwait(false);
    }

    private async Task RunUpkeepAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(UpkeepPeriod, clock);
        var lastRenewal = clock.GetTimestamp();
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            if (clock.GetElapsedTime(lastRenewal) >= _options.RenewInterval)
            {
                lastRenewal = clock.GetTimestamp();
                await RenewAllAsync().ConfigureAwait(false);
            }
            else
            {
                await AnnounceChangedCountsAsync().ConfigureAwait(false);
            }

            foreach (var watch in Watches())
            {
                if (watch.CheckGap(GapWait))
                {
                    LogGapForwarded(watch.Symbol);
                }
            }

            await RetireIdleAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Starts a conflation window per tick and sends what waited (see <see cref="ConflationWindows.Tick"/>).
    /// A window lasts <c>1 s / MaxQuotesPerSecond</c>, but not less than <see cref="ShortestConflationWindow"/>: each
    /// tick visits every watch, and thousands of watches a millisecond would cost a core.</summary>
    private async Task RunConflationAsync(ConflationWindows windows, CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromSeconds(1.0 / _options.MaxQuotesPerSecond);
        using var timer = new PeriodicTimer(window > ShortestConflationWindow ? window : ShortestConflationWindow, clock);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            windows.Tick(Watches());
        }
    }

    private SymbolWatch[] Watches()
    {
        lock (_lock)
        {
            return [.. _watches.Values];
        }
    }

    private Task AnnounceChangedCountsAsync()
    {
        if (_countChanged.IsEmpty)
        {
            return Task.CompletedTask;
        }

        var calls = new List<Task>();
        foreach (var symbol in _countChanged.Keys)
        {
            _countChanged.TryRemove(symbol, out _);
            calls.Add(AnnounceAsync(symbol, CountOf(symbol)));
        }

        return Task.WhenAll(calls);
    }

    /// <summary>Renews every watch's observer (its snapshot reveals a gap) and re-announces every count.</summary>
    private Task RenewAllAsync()
    {
        _countChanged.Clear();
        var calls = new List<Task>();
        foreach (var watch in Watches())
        {
            if (watch.Reference is { } reference && watch.Ready.IsCompletedSuccessfully)
            {
                calls.Add(RenewAsync(watch, reference));
            }
        }

        return Task.WhenAll(calls);
    }

    private async Task RenewAsync(SymbolWatch watch, ISymbolObserver reference)
    {
        try
        {
            watch.OnRenewed(await Grain(watch.Symbol).SubscribeAsync(reference).ConfigureAwait(false));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogRenewFailed(exception, watch.Symbol);
        }

        await AnnounceAsync(watch.Symbol, CountOf(watch.Symbol)).ConfigureAwait(false);
    }

    private async Task AnnounceAsync(string symbol, int count)
    {
        try
        {
            await Grain(symbol).SetSubscriberCountAsync(NodeId, count).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _countChanged[symbol] = true; // try again next round
            LogCountFailed(exception, symbol, count);
        }
    }

    private async Task RetireIdleAsync()
    {
        List<SymbolWatch>? idle = null;
        lock (_lock)
        {
            foreach (var watch in _watches.Values)
            {
                if (watch.Ready.IsCompletedSuccessfully && watch.IsIdleFor(_options.UnwatchGrace))
                {
                    (idle ??= []).Add(watch);
                }
            }

            idle?.ForEach(watch => _watches.Remove(watch.Symbol));
        }

        if (idle is not null)
        {
            await Task.WhenAll(idle.Select(UnsubscribeAsync)).ConfigureAwait(false);
        }
    }

    private async Task UnsubscribeAsync(SymbolWatch watch)
    {
        try
        {
            if (watch.Reference is { } reference)
            {
                await Grain(watch.Symbol).UnsubscribeAsync(reference).ConfigureAwait(false);
            }

            LogWatchStopped(watch.Symbol);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogUnwatchFailed(exception, watch.Symbol); // the grain forgets the observer at its expiry anyway
        }
        finally
        {
            DeleteReference(watch);
        }
    }

    /// <summary>The node stops: its counts go to zero and its observers away, so the grains need not wait for expiry.</summary>
    private async Task LeaveAsync()
    {
        SymbolWatch[] all;
        lock (_lock)
        {
            all = [.. _watches.Values];
            _watches.Clear();
        }

        var leaving = Task.WhenAll(all.Select(async watch =>
        {
            await AnnounceAsync(watch.Symbol, 0).ConfigureAwait(false);
            await UnsubscribeAsync(watch).ConfigureAwait(false);
        }));
        try
        {
            await leaving.WaitAsync(LeaveTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The grains forget this node at their expiry.
        }
    }

    [LoggerMessage(EventId = LiveLog.WatchStopped, Level = LogLevel.Debug, Message = "Stopped watching {Symbol}")]
    private partial void LogWatchStopped(string symbol);

    [LoggerMessage(EventId = LiveLog.RenewFailed, Level = LogLevel.Warning, Message = "Could not renew the observer of {Symbol}; trying again at the next renewal")]
    private partial void LogRenewFailed(Exception exception, string symbol);

    [LoggerMessage(EventId = LiveLog.CountFailed, Level = LogLevel.Warning, Message = "Could not report {Count} subscribers of {Symbol}; trying again")]
    private partial void LogCountFailed(Exception exception, string symbol, int count);

    [LoggerMessage(EventId = LiveLog.GapForwarded, Level = LogLevel.Information, Message = "Updates of {Symbol} were lost (the symbol grain was reactivated); forwarded its snapshot")]
    private partial void LogGapForwarded(string symbol);

    [LoggerMessage(EventId = LiveLog.UnwatchFailed, Level = LogLevel.Warning, Message = "Could not unsubscribe from {Symbol}")]
    private partial void LogUnwatchFailed(Exception exception, string symbol);
}
