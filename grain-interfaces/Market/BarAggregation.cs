namespace OrleansTicks.GrainInterfaces.Market;

/// <summary>Builds bars of larger intervals from 1-minute bars: exact, because bars are mergeable summaries.</summary>
public static class BarAggregation
{
    /// <summary>Aggregates <paramref name="oneMinuteBars"/>, ordered by start, into bars of
    /// <paramref name="interval"/>, ordered by start. Intervals without trades produce no bar.</summary>
    /// <exception cref="ArgumentException">The input is not ordered by start.</exception>
    public static List<Bar> Aggregate(IReadOnlyList<Bar> oneMinuteBars, BarInterval interval)
    {
        ArgumentNullException.ThrowIfNull(oneMinuteBars);
        var result = new List<Bar>();
        Bar? current = null;
        var previousStart = DateTime.MinValue;
        foreach (var bar in oneMinuteBars)
        {
            if (bar.Start < previousStart)
            {
                throw new ArgumentException($"Bars must be ordered by start; {bar.Start:O} follows {previousStart:O}.", nameof(oneMinuteBars));
            }

            previousStart = bar.Start;
            var start = interval.StartOf(bar.Start);
            if (current is { } open && open.Start == start)
            {
                current = Bar.Merge(open, bar, start);
            }
            else
            {
                if (current is { } done)
                {
                    result.Add(done);
                }

                current = bar with { Start = start };
            }
        }

        if (current is { } last)
        {
            result.Add(last);
        }

        return result;
    }
}
