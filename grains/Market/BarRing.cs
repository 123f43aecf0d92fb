using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Market;

/// <summary>The most recent closed 1-minute bars of a symbol, one slot per minute: slot = minute number modulo the
/// capacity, so finding the bar of a late trade's minute is O(1) and old bars fall out by being overwritten. A slot
/// holds a bar only if its start matches the minute asked for.</summary>
internal sealed class BarRing(int capacity)
{
    private readonly Bar[] _bars = new Bar[capacity];
    private readonly int[] _revisions = new int[capacity];
    private readonly bool[] _used = new bool[capacity];

    /// <summary>The start of the newest bar held, or <see cref="DateTime.MinValue"/>.</summary>
    public DateTime Newest { get; private set; } = DateTime.MinValue;

    /// <summary>The oldest minute the ring can hold given its newest.</summary>
    public DateTime Horizon => Newest == DateTime.MinValue ? DateTime.MinValue : Newest.AddMinutes(-(_bars.Length - 1));

    public int Capacity => _bars.Length;

    /// <summary>Stores a closed bar (replacing whatever its slot held).</summary>
    public void Put(in Bar bar, int revision)
    {
        var slot = SlotOf(bar.Start);
        _bars[slot] = bar;
        _revisions[slot] = revision;
        _used[slot] = true;
        if (bar.Start > Newest)
        {
            Newest = bar.Start;
        }
    }

    /// <summary>Forgets the bars in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public void RemoveRange(DateTime from, DateTime to)
    {
        for (var slot = 0; slot < _bars.Length; slot++)
        {
            if (_used[slot] && _bars[slot].Start >= from && _bars[slot].Start < to)
            {
                _used[slot] = false;
            }
        }
    }

    /// <summary>The bar of <paramref name="minute"/>, if held.</summary>
    public bool TryGet(DateTime minute, out Bar bar, out int revision)
    {
        if (minute >= Horizon && minute <= Newest)
        {
            var slot = SlotOf(minute);
            if (_used[slot] && _bars[slot].Start == minute)
            {
                bar = _bars[slot];
                revision = _revisions[slot];
                return true;
            }
        }

        bar = default;
        revision = 0;
        return false;
    }

    /// <summary>Held bars starting at or after <paramref name="from"/>, oldest first.</summary>
    public void CopyFrom(DateTime from, List<Bar> into)
    {
        if (Newest == DateTime.MinValue)
        {
            return;
        }

        var start = from > Horizon ? from : Horizon;
        start = BarInterval.OneMinute.StartOf(start);
        for (var minute = start; minute <= Newest; minute = minute.AddMinutes(1))
        {
            if (TryGet(minute, out var bar, out _))
            {
                into.Add(bar);
            }
        }
    }

    private int SlotOf(DateTime minute) => (int)((minute.Ticks / TimeSpan.TicksPerMinute) % _bars.Length);
}
