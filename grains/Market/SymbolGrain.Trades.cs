using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Runtime.Streams;

namespace OrleansTicks.Grains.Market;

// Applying trades: the hot path. Per trade: one duplicate check, one bar update. Per batch: the last trade, the
// metrics and the published updates (each numbered with the next update sequence), sent as one notification.
public sealed partial class SymbolGrain
{
    private readonly HashSet<DateTime> _revisedInBatch = [];

    public Task OnNextBatchAsync(StreamBatch<Trade> batch, CancellationToken cancellationToken = default)
    {
        var s = state.State;
        int applied = 0, duplicates = 0, late = 0, newest = -1;
        var trades = batch.Items.Span;
        for (var i = 0; i < trades.Length; i++)
        {
            ref readonly var trade = ref trades[i];
            if (!_tradeIds.TryAdd(trade.TradeId))
            {
                duplicates++;
                continue;
            }

            applied++;
            var minute = trade.Minute;
            if (_partial.HasTrades && minute == _partial.Start)
            {
                _partial.Add(trade);
                UncommittedPartialAdd(trade, minute);
            }
            else if (minute > (_partial.HasTrades ? _partial.Start : _ring.Newest))
            {
                CloseMinute(notify: true);
                _partial.Begin(trade, minute);
                _uncommittedPartial.Begin(trade, minute);
            }
            else
            {
                ApplyLate(trade, minute);
                late++;
            }

            if (newest < 0 || Trade.CompareByTimeThenId(trade.Time.Ticks, trade.TradeId, trades[newest].Time.Ticks, trades[newest].TradeId) > 0)
            {
                newest = i;
            }
        }

        if (applied == 0)
        {
            metrics.OnBatchApplied(0, duplicates, 0);
            return Task.CompletedTask; // nothing applied, so nothing published
        }

        _partialTouched = clock.GetTimestamp();
        ref readonly var latest = ref trades[newest];
        if (s.Last is not { } last || Trade.CompareByTimeThenId(latest.Time.Ticks, latest.TradeId, last.Time.Ticks, last.TradeId) > 0)
        {
            s.Last = new LastTrade(latest.Price, latest.Size, latest.Time, latest.TradeId);
        }

        s.TradesApplied += applied;
        _uncommittedTrades += applied;
        _stateDirty = true;
        _revisedInBatch.Clear();
        metrics.OnBatchApplied(applied, duplicates, late);
        PublishQuote();
        if (_partial.HasTrades)
        {
            PublishBar(_partial.ToBar(), isFinal: false, revision: 0);
        }

        SendUpdate();
        return Task.CompletedTask;
    }

    /// <summary>Closes the partial bar: into the ring and the day's statistics (its trades reach storage with the next
    /// checkpoint).</summary>
    private void CloseMinute(bool notify)
    {
        if (!_partial.HasTrades)
        {
            return;
        }

        var bar = _partial.ToBar();
        _partial.Clear();
        _ring.Put(bar, 0);
        FoldUncommittedPartial();
        AddToDay(bar);
        metrics.OnBarClosed();
        if (notify)
        {
            PublishBar(bar, isFinal: true, revision: 0);
        }
    }

    /// <summary>A trade for a minute before the partial bar's: revises that bar (in memory if the ring still holds
    /// it, in storage always: the next checkpoint merges it as a one-trade delta, exactly).</summary>
    private void ApplyLate(in Trade trade, DateTime minute)
    {
        var delta = Bar.FromTrade(trade, minute);
        AddUncommitted(delta);
        AddToDay(delta);
        Bar revised;
        int revision;
        if (_ring.TryGet(minute, out var bar, out revision))
        {
            if (_revisedInBatch.Add(minute))
            {
                revision++;
                metrics.OnBarRevised();
            }

            revised = Bar.Merge(bar, delta, minute);
        }
        else if (minute >= _ring.Horizon)
        {
            // A minute without trades until now: the ring (loaded from storage) would hold it otherwise.
            revised = delta;
            _revisedInBatch.Add(minute);
        }
        else
        {
            return; // older than the ring: storage has it right; nobody watches a bar that old live
        }

        _ring.Put(revised, revision);
        PublishBar(revised, isFinal: true, revision);
    }

    /// <summary>Adds a closed bar (or a late trade's delta) to the day bar of its UTC day, rolling the day forward
    /// when it is a new one. A bar of a day before the previous one changes neither.</summary>
    private void AddToDay(in Bar bar)
    {
        var s = state.State;
        var day = bar.Start.Date;
        if (s.Today is not { } today || day > today.Start)
        {
            if (s.Today is not null)
            {
                s.PreviousDay = s.Today;
            }

            s.Today = bar with { Start = day };
        }
        else if (day == today.Start)
        {
            s.Today = Bar.Merge(today, bar, day);
        }
        else if (s.PreviousDay is { } previous && day == previous.Start)
        {
            s.PreviousDay = Bar.Merge(previous, bar, day);
        }
        else if (s.PreviousDay is null || day > s.PreviousDay.Value.Start)
        {
            s.PreviousDay = bar with { Start = day };
        }
    }
}
