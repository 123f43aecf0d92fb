using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds;

namespace OrleansTicks.Grains.Tests.Feeds;

/// <summary>An <see cref="ITradeSink"/> that copies every batch (the connector reuses its buffer), notes the clock
/// at each batch, and can stop the feed once it holds enough trades.</summary>
internal sealed class CapturingTradeSink(TimeProvider clock, int stopAfterTrades = int.MaxValue) : ITradeSink
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly List<Trade> _trades = [];
    private readonly List<(DateTimeOffset At, int Count)> _batches = [];
    private readonly SemaphoreSlim _published = new(0);

    /// <summary>Cancelled once <c>stopAfterTrades</c> trades have arrived: pass its token to the connector.</summary>
    public CancellationTokenSource Stop { get; } = new();

    public List<Trade> Trades
    {
        get
        {
            lock (_lock)
            {
                return [.. _trades];
            }
        }
    }

    public List<(DateTimeOffset At, int Count)> Batches
    {
        get
        {
            lock (_lock)
            {
                return [.. _batches];
            }
        }
    }

    public ValueTask PublishAsync(ReadOnlyMemory<Trade> trades, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _trades.AddRange(trades.Span);
            _batches.Add((clock.GetUtcNow(), trades.Length));
            if (_trades.Count >= stopAfterTrades)
            {
                Stop.Cancel();
            }
        }

        _published.Release();
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits until at least <paramref name="count"/> batches have arrived (the connector runs its
    /// continuations on other threads); fails rather than hangs if they never come.</summary>
    public async Task WaitForBatchesAsync(int count)
    {
        while (Batches.Count < count)
        {
            if (!await _published.WaitAsync(WaitLimit))
            {
                throw new TimeoutException($"Expected {count} batches; {Batches.Count} arrived.");
            }
        }
    }
}
