using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds.Replay;

namespace OrleansTicks.Grains.Feeds.Yahoo;

// One symbol's poll: fetch, check, find the watermark, select the closed minutes, publish their trades.
public sealed partial class YahooFeedConnector
{
    private async Task PollGuardedAsync(YahooSymbolState state, ITradeSink sink, CancellationToken cancellationToken)
    {
        try
        {
            await PollAsync(state, sink, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is not OutOfMemoryException)
        {
            // A fault of ours or of the sink: this symbol waits out a back-off; the others, and the feed, go on. Its
            // watermark has not moved, and a minute sent again has the same trade ids.
            Interlocked.Increment(ref _failures);
            var retry = Backoff(++state.Failures);
            state.NextDue = _clock.GetUtcNow() + retry;
            YahooLog.PollFailed(_logger, exception, state.Symbol, retry);
        }

        Interlocked.Increment(ref _polls);
    }

    private async Task PollAsync(YahooSymbolState state, ITradeSink sink, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();

        // Set before the fetch: whoever sees this poll's effects and then moves the clock by a poll interval finds
        // the symbol due.
        state.NextDue = now + _options.PollInterval;
        Interlocked.Increment(ref _requests);
        var fetch = await _client.FetchAsync(state.VendorSymbol, cancellationToken);
        var chart = fetch.Chart;
        if (fetch.Outcome == YahooFetchOutcome.Chart && Mismatch(state, chart!) is { } mismatch)
        {
            fetch = YahooFetch.Bad(mismatch);
        }

        if (fetch.Outcome != YahooFetchOutcome.Chart)
        {
            OnFailure(state, fetch, now);
            return;
        }

        Interlocked.Increment(ref _charts);
        lock (_lock)
        {
            _state = FeedConnectionState.Connected;
            _lastChartAt = now.UtcDateTime;
        }

        if (state.Failures > 0)
        {
            YahooLog.Recovered(_logger, state.Symbol, state.Failures);
            state.Failures = 0;
        }

        if (!state.WatermarkKnown && !await TryReadWatermarkAsync(state, chart!.Minutes, cancellationToken))
        {
            state.NextDue = now + Backoff(++state.Failures);
            return;
        }

        var selection = YahooMinuteFilter.Select(chart!.Minutes, state.Watermark, (now - _options.SettleDelay).UtcDateTime);
        Interlocked.Add(ref _emptyMinutes, selection.Empty);
        if (selection.Bad > 0)
        {
            Interlocked.Add(ref _badMinutes, selection.Bad);
            LogBadMinutes(state.Symbol, selection.Bad, selection.FirstProblem!);
        }

        var trades = await PublishAsync(state.Symbol, selection.Bars, sink, cancellationToken);
        state.Watermark = selection.Watermark; // only once the trades are out: a cancelled publish is redone
        YahooLog.Imported(_logger, state.Symbol, selection.Bars.Count, trades, state.Watermark);
    }

    private async Task<int> PublishAsync(string symbol, List<ReplayBar> bars, ITradeSink sink, CancellationToken cancellationToken)
    {
        if (bars.Count == 0)
        {
            return 0;
        }

        var buffer = new Trade[bars.Count * BarToTrades.MaxTradesPerBar];
        var count = 0;
        foreach (var bar in bars)
        {
            count += BarToTrades.Convert(bar, symbol, TimeSpan.Zero, buffer.AsSpan(count));
        }

        // Symbols are fetched in parallel; the sink takes one batch at a time.
        await _publishing.WaitAsync(cancellationToken);
        try
        {
            await sink.PublishAsync(buffer.AsMemory(0, count), cancellationToken);
        }
        finally
        {
            _publishing.Release();
        }

        Interlocked.Add(ref _bars, bars.Count);
        Interlocked.Add(ref _trades, count);
        return count;
    }

    /// <summary>Reads the latest stored bar within the answer's minutes: what a run before this one imported.</summary>
    private async Task<bool> TryReadWatermarkAsync(YahooSymbolState state, IReadOnlyList<YahooMinute> minutes, CancellationToken cancellationToken)
    {
        long first = long.MaxValue, last = long.MinValue;
        foreach (var minute in minutes)
        {
            if (minute.Time is >= 0 and <= YahooMinuteFilter.LastMinute)
            {
                first = Math.Min(first, minute.Time);
                last = Math.Max(last, minute.Time);
            }
        }

        if (first > last)
        {
            return true; // nothing to import yet, so nothing to know; read again when minutes come
        }

        try
        {
            var stored = await _store.ReadAsync(state.Symbol, DateTime.UnixEpoch.AddSeconds(first), DateTime.UnixEpoch.AddSeconds(last).AddMinutes(1), cancellationToken);
            state.Watermark = stored.Count > 0 ? stored[^1].Bar.Start : null;
            state.WatermarkKnown = true;
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failures);
            YahooLog.WatermarkUnavailable(_logger, exception, state.Symbol);
            return false;
        }
    }

    private static string? Mismatch(YahooSymbolState state, YahooChart chart)
    {
        if (chart.Granularity is { } granularity && granularity != "1m")
        {
            return $"its data granularity is '{granularity}', not 1m";
        }

        return chart.Symbol is { } symbol && !string.Equals(symbol, state.VendorSymbol, StringComparison.OrdinalIgnoreCase)
            ? $"it is the chart of '{symbol}', not of '{state.VendorSymbol}'"
            : null;
    }

    private void OnFailure(YahooSymbolState state, in YahooFetch fetch, DateTimeOffset now)
    {
        var retry = Backoff(++state.Failures);
        state.NextDue = now + retry;
        var first = state.Failures == 1;
        switch (fetch.Outcome)
        {
            case YahooFetchOutcome.VendorError:
                Interlocked.Increment(ref _vendorErrors);
                if (first)
                {
                    YahooLog.VendorError(_logger, state.Symbol, state.VendorSymbol, fetch.Problem!, retry);
                }

                break;
            case YahooFetchOutcome.BadAnswer:
                Interlocked.Increment(ref _badAnswers);
                if (first)
                {
                    YahooLog.BadAnswer(_logger, state.Symbol, fetch.Problem!, retry);
                }

                break;
            default:
                Interlocked.Increment(ref _failures);
                SetState(FeedConnectionState.Connecting, $"{state.Symbol}: {fetch.Problem}");
                if (first)
                {
                    YahooLog.FetchFailed(_logger, state.Symbol, fetch.Problem!, retry);
                }

                break;
        }
    }

    /// <summary>The wait after <paramref name="failures"/> failures in a row: the poll interval, doubled per further
    /// failure, at most <c>Feed:Yahoo:MaxBackoff</c>.</summary>
    private TimeSpan Backoff(int failures)
    {
        var wait = _options.PollInterval;
        for (var i = 1; i < failures && wait < _options.MaxBackoff; i++)
        {
            wait += wait;
        }

        return wait < _options.MaxBackoff ? wait : _options.MaxBackoff;
    }

    private void LogBadMinutes(string symbol, int count, string problem)
    {
        if (_badMinutesLog.ShouldLog(out var suppressed))
        {
            YahooLog.BadMinutes(_logger, symbol, count, problem, suppressed);
        }
    }
}
