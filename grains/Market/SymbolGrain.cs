using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Storage;
using OrleansTicks.Grains.Regeneration;
using OrleansTicks.Runtime;
using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Observers;
using OrleansTicks.Runtime.Storage;
using OrleansTicks.Runtime.Streams;

namespace OrleansTicks.Grains.Market;

/// <summary>One symbol: receives its trades from the stream <c>trades/{symbol}</c> in batches, keeps the live quote,
/// the day's statistics, the partial 1-minute bar and a ring of recently closed bars, commits the bars of the trades
/// it applied at checkpoints (through the <see cref="CheckpointWriter"/>), and tells observers of quote and bar changes
/// with one notification per operation. Trades are applied in <c>SymbolGrain.Trades.cs</c>, checkpoints are in
/// <c>SymbolGrain.Checkpoints.cs</c>, notifications in <c>SymbolGrain.Updates.cs</c>; this file holds the lifecycle and
/// the calls.</summary>
[ImplicitStreamSubscription(TradeStreams.Namespace)]
public sealed partial class SymbolGrain(
    [PersistentState("symbol")] IPersistentState<SymbolState> state,
    IBarStore store,
    CheckpointWriter checkpoints,
    IHistoryBootstrapper history,
    MarketMetrics metrics,
    IOptions<MarketOptions> options,
    TimeProvider clock,
    ILogger<SymbolGrain> logger)
    : Grain, ISymbolGrain, IAsyncBatchObserver<Trade>, IDetachedCheckpointParticipant
{
    private readonly MarketOptions _options = options.Value;
    private readonly Dictionary<string, (int Count, DateTimeOffset Renewed)> _subscriberCounts = new(StringComparer.Ordinal);
    private ObserverManager<ISymbolObserver> _observers = null!;
    private BarRing _ring = null!;
    private string _symbol = "";
    private MinuteAccumulator _partial;
    private long _partialTouched;
    private long _lastSave;
    private bool _stateDirty;
    private int _subscribers;
    private bool _announcedWatched;
    private long _lastAnnounced;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        _symbol = GetPrimaryKeyString();
        _observers = new ObserverManager<ISymbolObserver>(_options.SubscriptionExpiry, logger, clock);
        _lastSave = clock.GetTimestamp();

        // An earlier activation committed its last checkpoint before it ended: the ids and bars read now are all of it.
        await LoadTradeIdsAsync(cancellationToken);
        _ring = await LoadRingAsync(cancellationToken);
        await RecoverIfStaleAsync(cancellationToken);
        await RefreshStoredPreviousCloseAsync(force: true, cancellationToken);
        RegisterGrainTimer(OnTickAsync, _options.TickInterval, _options.TickInterval);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The partial bar goes to storage as it is; trades for its minute after reactivation merge into it.
        CloseMinute(notify: false);
        await CheckpointOnDeactivationAsync(cancellationToken);
        if (!_superseded)
        {
            await SaveStateAsync(force: true, cancellationToken);
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task<Quote?> GetQuoteAsync() => Task.FromResult(BuildQuote());

    public Task<SymbolSnapshot> GetSnapshotAsync() => Task.FromResult(TakeSnapshot());

    public Task<IReadOnlyList<Bar>> GetRecentBarsAsync(DateTime from)
    {
        var bars = new List<Bar>();
        _ring.CopyFrom(from, bars);
        if (_partial.HasTrades && _partial.Start >= from)
        {
            bars.Add(_partial.ToBar());
        }

        return Task.FromResult<IReadOnlyList<Bar>>(bars);
    }

    public Task<SymbolSnapshot> SubscribeAsync(ISymbolObserver observer)
    {
        _observers.Subscribe(observer);
        return Task.FromResult(TakeSnapshot());
    }

    public Task UnsubscribeAsync(ISymbolObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task SetSubscriberCountAsync(string nodeId, int count)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeId);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            _subscriberCounts.Remove(nodeId);
        }
        else
        {
            _subscriberCounts[nodeId] = (count, clock.GetUtcNow());
        }

        RecountSubscribers();
        SendUpdate();
        await AnnounceDemandAsync();
    }

    public async Task OnHistoryReplacedAsync(DateTime from, DateTime to)
    {
        // Only the replaced range is re-read, and without waiting for storage to settle: the bar file may be busy with
        // other regenerations for seconds, and this turn must not hold up the symbol's trades that long.
        _ring.RemoveRange(from, to);
        var start = from > _ring.Horizon ? from : _ring.Horizon;
        if (start < to)
        {
            foreach (var stored in await store.ReadAsync(_symbol, start, to))
            {
                _ring.Put(stored.Bar, stored.Revision);
            }
        }

        if (from < clock.GetUtcNow().UtcDateTime.Date)
        {
            await RefreshStoredPreviousCloseAsync(force: true, CancellationToken.None);
        }
    }

    public Task<string?> EnsureHistoryAsync() => history.EnsureHistoryAsync(_symbol, GrainFactory);

    private async Task<BarRing> LoadRingAsync(CancellationToken cancellationToken)
    {
        var ring = new BarRing(_options.RecentBars);
        var from = BarInterval.OneMinute.StartOf(clock.GetUtcNow().UtcDateTime).AddMinutes(-(ring.Capacity - 1));
        foreach (var stored in await store.ReadAsync(_symbol, from, DateTime.MaxValue, cancellationToken))
        {
            ring.Put(stored.Bar, stored.Revision);
        }

        return ring;
    }

    private async Task OnTickAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_partial.HasTrades
            && now >= _partial.Start.AddMinutes(1) + _options.BarCloseGrace
            && clock.GetElapsedTime(_partialTouched) >= _options.BarCloseGrace)
        {
            CloseMinute(notify: true);
        }

        if (_subscriberCounts.Count > 0)
        {
            RecountSubscribers();
        }

        SendUpdate();
        await AnnounceDemandAsync();
        CheckpointIfDue();
        await SaveStateAsync(force: false, cancellationToken);
        await RefreshStoredPreviousCloseAsync(force: false, cancellationToken);
    }

    private async Task SaveStateAsync(bool force, CancellationToken cancellationToken)
    {
        if (_superseded || !_stateDirty || (!force && clock.GetElapsedTime(_lastSave) < _options.StateSaveInterval))
        {
            return;
        }

        state.State.CommittedRevision = _inflight is null && _uncommittedTrades == 0 ? _checkpointRevision : null;
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch (InconsistentStateException conflict)
        {
            // Another activation of the symbol wrote the state since this one read it: this one is stale.
            _superseded = true;
            LogSuperseded(conflict);
            DeactivateOnIdle();
            return;
        }

        _stateDirty = false;
        _lastSave = clock.GetTimestamp();
    }

    private void RecountSubscribers()
    {
        var expiredBefore = clock.GetUtcNow() - _options.SubscriptionExpiry;
        var total = 0;
        List<string>? expired = null;
        foreach (var (node, (count, renewed)) in _subscriberCounts)
        {
            if (renewed < expiredBefore)
            {
                (expired ??= []).Add(node);
            }
            else
            {
                total += count;
            }
        }

        expired?.ForEach(node => _subscriberCounts.Remove(node));
        if (total != _subscribers)
        {
            _subscribers = total;
            PublishQuote();
        }
    }

    private SymbolSnapshot TakeSnapshot() =>
        new(_symbol, BuildQuote(), _partial.HasTrades ? _partial.ToBar() : null, state.State.Sequence, state.State.TradesApplied);

    private Quote? BuildQuote()
    {
        var s = state.State;
        if (s.Last is not { } last)
        {
            return null;
        }

        // The partial bar is always of the newest minute, so of the day of Today or of a later one (not rolled yet).
        var day = s.Today;
        if (_partial.HasTrades)
        {
            var partial = _partial.ToBar();
            day = day is { } closed && closed.Start == partial.Start.Date ? Bar.Merge(closed, partial, closed.Start) : partial with { Start = partial.Start.Date };
        }

        if (day is not { } today)
        {
            return null;
        }

        return new Quote
        {
            Symbol = _symbol,
            Price = last.Price,
            Size = last.Size,
            Time = last.Time,
            TradeId = last.TradeId,
            Sequence = s.Sequence,
            Open = today.Open,
            High = today.High,
            Low = today.Low,
            Volume = today.Volume,
            Trades = today.Trades,
            Vwap = today.Vwap,
            PreviousClose = PreviousCloseBefore(today.Start, s.Today is { } closedDay && closedDay.Start < today.Start ? s.Today : s.PreviousDay),
            Subscribers = _subscribers,
        };
    }
}
