using Microsoft.Extensions.Options;

namespace OrleansTicks.Grains.Feeds.Demand;

/// <summary>The silo's <see cref="IFeedDemand"/>: the configured symbols plus the watched ones, which the
/// <c>FeedDemandWatcher</c> (from the demand grain) or a test sets. A symbol that stops being watched leaves
/// the demand only after <c>Feed:UnsubscribeGrace</c>, and not at all if it is watched again meanwhile.</summary>
public sealed class FeedDemand : IFeedDemand, IDisposable
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _configured;
    private readonly HashSet<string> _watched = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _leaving = new(StringComparer.Ordinal); // symbol → when it stopped being watched
    private readonly TimeSpan _grace;
    private readonly TimeProvider _clock;
    private readonly ITimer _sweeper;
    private FeedDemandSnapshot _current;
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>Creates the demand with <c>Feed:Symbols</c> always wanted.</summary>
    public FeedDemand(IOptions<FeedOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        _grace = options.Value.UnsubscribeGrace;
        _configured = new HashSet<string>(options.Value.Symbols.Select(s => s.Trim().ToUpperInvariant()), StringComparer.Ordinal);
        _current = new FeedDemandSnapshot(0, _configured.ToHashSet(StringComparer.Ordinal));
        _sweeper = clock.CreateTimer(_ => Sweep(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public FeedDemandSnapshot Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public Task WaitForChangeAsync(long version, CancellationToken cancellationToken = default)
    {
        Task signal;
        lock (_gate)
        {
            if (_current.Version > version)
            {
                return Task.CompletedTask;
            }

            signal = _changed.Task;
        }

        return signal.WaitAsync(cancellationToken);
    }

    /// <summary>Some client watches <paramref name="symbol"/> now.</summary>
    public void Watch(string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        lock (_gate)
        {
            if (WatchLocked(symbol))
            {
                PublishLocked();
            }
        }
    }

    /// <summary>Nobody watches <paramref name="symbol"/> any more: it leaves the demand after the grace period.</summary>
    public void Unwatch(string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        lock (_gate)
        {
            if (UnwatchLocked(symbol, _clock.GetTimestamp()))
            {
                ArmSweeperLocked();
            }
        }
    }

    /// <summary>Makes the watched set <paramref name="watched"/> (a resynchronisation from the demand grain): symbols
    /// in it are watched, the others leave after the grace period. One new version at most.</summary>
    public void ReplaceWatched(IEnumerable<string> watched)
    {
        ArgumentNullException.ThrowIfNull(watched);
        var wanted = watched.ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            var added = false;
            foreach (var symbol in wanted)
            {
                added |= WatchLocked(symbol);
            }

            var now = _clock.GetTimestamp();
            var leaving = false;
            foreach (var symbol in _watched)
            {
                leaving |= !wanted.Contains(symbol) && UnwatchLocked(symbol, now);
            }

            if (added)
            {
                PublishLocked();
            }

            if (leaving)
            {
                ArmSweeperLocked();
            }
        }
    }

    /// <summary>Watches <paramref name="symbol"/> (ending a grace period it was in); true when it was not watched.</summary>
    private bool WatchLocked(string symbol)
    {
        _leaving.Remove(symbol);
        return _watched.Add(symbol);
    }

    /// <summary>Starts the grace period of a watched <paramref name="symbol"/>; true when one started.</summary>
    private bool UnwatchLocked(string symbol, long now) => _watched.Contains(symbol) && _leaving.TryAdd(symbol, now);

    /// <summary>Removes the symbols whose grace period is over.</summary>
    private void Sweep()
    {
        lock (_gate)
        {
            var removed = false;
            foreach (var (symbol, since) in _leaving.ToArray())
            {
                if (_clock.GetElapsedTime(since) >= _grace)
                {
                    _leaving.Remove(symbol);
                    removed |= _watched.Remove(symbol);
                }
            }

            if (removed)
            {
                PublishLocked();
            }

            ArmSweeperLocked();
        }
    }

    private void ArmSweeperLocked()
    {
        if (_leaving.Count == 0)
        {
            _sweeper.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var now = _clock.GetTimestamp();
        var next = _leaving.Values.Min(since => _grace - _clock.GetElapsedTime(since, now));
        _sweeper.Change(next > TimeSpan.Zero ? next : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void PublishLocked()
    {
        var symbols = _configured.ToHashSet(StringComparer.Ordinal);
        symbols.UnionWith(_watched);
        _current = new FeedDemandSnapshot(_current.Version + 1, symbols);
        _changed.TrySetResult();
        _changed = NewSignal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose() => _sweeper.Dispose();
}
