using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Feeds.Live;

/// <summary>The reused buffer trades are parsed into. It grows when one message carries more trades than it holds
/// (and keeps that size), so steady state allocates nothing.</summary>
public sealed class LiveTradeBatch(int capacity = 1_024)
{
    private Trade[] _trades = new Trade[Math.Max(1, capacity)];

    /// <summary>Trades in the batch.</summary>
    public int Count { get; private set; }

    /// <summary>The trades, valid until the next <see cref="Clear"/>.</summary>
    public ReadOnlyMemory<Trade> Trades => _trades.AsMemory(0, Count);

    /// <summary>Appends a trade.</summary>
    public void Add(in Trade trade)
    {
        if (Count == _trades.Length)
        {
            Array.Resize(ref _trades, _trades.Length * 2);
        }

        _trades[Count++] = trade;
    }

    /// <summary>Drops the trades appended since <paramref name="count"/> (a message that turned out bad after some of
    /// its trades were parsed is applied not at all).</summary>
    public void Truncate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        Count = count;
    }

    /// <summary>Empties the batch for reuse.</summary>
    public void Clear() => Count = 0;
}
