using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Storage;

/// <summary>The bars of one <see cref="IBarStore.ReplaceRangeAsync"/> as a store consumes them: streamed (a year of
/// minutes is never held twice), each checked as it comes (inside the range, on a minute, strictly ascending, a valid
/// bar), cancellation observed between bars, and progress reported every <see cref="ProgressInterval"/> bars written.
/// A store runs this inside its transaction, so a bad bar or a cancellation part-way rolls everything back and the
/// old bars stay.</summary>
internal sealed class ReplacementBars
{
    /// <summary>How many bars are written between two progress reports.</summary>
    public const int ProgressInterval = 10_000;

    /// <summary>The name of <see cref="IBarStore.ReplaceRangeAsync"/>'s parameter that bad bars are reported against.</summary>
    private const string BarsParameter = "bars";

    private readonly string _symbol;
    private readonly DateTime _from;
    private readonly DateTime _to;
    private readonly IEnumerable<Bar> _bars;
    private readonly IProgress<long>? _progress;
    private long _reported = -1;

    /// <summary>Checks the arguments that can be checked before any bar is read.</summary>
    /// <exception cref="ArgumentException">The symbol is empty or the range is invalid.</exception>
    public ReplacementBars(string symbol, DateTime from, DateTime to, IEnumerable<Bar> bars, IProgress<long>? progress)
    {
        BarRules.CheckSymbol(symbol, nameof(symbol));
        BarRules.CheckRange(from, to);
        ArgumentNullException.ThrowIfNull(bars);
        _symbol = symbol;
        _from = from;
        _to = to;
        _bars = bars;
        _progress = progress;
    }

    /// <summary>The bars consumed so far, each written by the store before it asked for the next.</summary>
    public long Count { get; private set; }

    /// <summary>The bars, checked, marked UTC. Counting happens when the store asks for the next bar, that is once it
    /// has written the previous one.</summary>
    public IEnumerable<Bar> Enumerate(CancellationToken cancellationToken)
    {
        var previous = long.MinValue;
        foreach (var bar in _bars)
        {
            cancellationToken.ThrowIfCancellationRequested();
            BarRules.CheckBar(bar, BarsParameter, Count, _symbol);
            if (bar.Start < _from || bar.Start >= _to)
            {
                throw BarRules.Rejected(
                    $"{BarRules.Name(BarsParameter, Count, _symbol)} starts at {BarRules.Format(bar.Start)}, outside the replaced range [{BarRules.Format(_from)}, {BarRules.Format(_to)}).", BarsParameter);
            }

            if (bar.Start.Ticks <= previous)
            {
                throw BarRules.Rejected(
                    $"{BarRules.Name(BarsParameter, Count, _symbol)} starts at {BarRules.Format(bar.Start)}, not after the bar before it ({BarRules.Format(BarRules.Utc(previous))}); bars must be ascending with one per minute.", BarsParameter);
            }

            previous = bar.Start.Ticks;
            yield return BarRules.AsUtc(bar);
            Count++;
            if (Count % ProgressInterval == 0)
            {
                Report();
            }
        }
    }

    /// <summary>Reports the final count, unless the last periodic report already did (an empty replace reports 0).</summary>
    public void ReportCompleted()
    {
        if (_reported != Count)
        {
            Report();
        }
    }

    private void Report()
    {
        _reported = Count;
        _progress?.Report(Count);
    }
}
