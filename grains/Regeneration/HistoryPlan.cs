using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.GrainInterfaces.Regeneration;

namespace OrleansTicks.Grains.Regeneration;

/// <summary>What a regeneration writes: the range it replaces and the segments of bars (an interval each) that fill
/// it, oldest first. Every bar sits at its interval's start; the range ends at the start of the interval that holds
/// the end time, so the live interval is never replaced.</summary>
public sealed record HistoryPlan(string Symbol, DateTime From, DateTime To, IReadOnlyList<HistorySegment> Segments)
{
    /// <summary>The most bars one regeneration may write: five years of 1-minute bars, and some.</summary>
    public const long MaxBars = 3_000_000;

    /// <summary>The bars the plan generates.</summary>
    public long BarCount => Segments.Sum(s => s.BarCount);

    /// <summary>The plan of <paramref name="request"/> ending at its <see cref="RegenerationRequest.End"/> or
    /// <paramref name="now"/>. Throws <see cref="ArgumentException"/> naming a bad symbol, period or interval and
    /// listing the valid ones.</summary>
    public static HistoryPlan For(RegenerationRequest request, DateTime now)
    {
        var plan = Create(request, now);
        return plan.BarCount <= MaxBars
            ? plan
            : throw new ArgumentException(
                $"Period '{request.Period}' at interval '{request.Interval}' is {plan.BarCount:N0} bars; at most {MaxBars:N0} can be regenerated at once: choose a shorter period or a longer interval.",
                nameof(request));
    }

    private static HistoryPlan Create(RegenerationRequest request, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Symbol) || request.Symbol != request.Symbol.Trim().ToUpperInvariant())
        {
            throw new ArgumentException($"The symbol '{request.Symbol}' is not valid: it must be non-empty upper case, e.g. AAPL.", nameof(request));
        }

        if (!HistoryPeriod.TryParse(request.Period, out var period))
        {
            throw new ArgumentException(
                $"The period '{request.Period}' is not valid; valid: {string.Join(", ", HistoryPeriod.All.Select(p => p.Name))}.", nameof(request));
        }

        var end = DateTime.SpecifyKind(request.End ?? now, DateTimeKind.Utc);
        var start = period.Value.StartBefore(end);
        if (request.Interval == RegenerationRequest.AutoInterval)
        {
            var minute = BarInterval.OneMinute;
            var day = BarInterval.All.First(i => i.Name == "1d");
            var to = minute.StartOf(end);
            var minutesFrom = day.StartOf(end).AddDays(-(RegenerationRequest.AutoMinuteDays - 1));
            var daysFrom = day.StartOf(start);
            var segments = new List<HistorySegment>();
            if (daysFrom < minutesFrom)
            {
                segments.Add(new HistorySegment(day, daysFrom, minutesFrom));
            }

            segments.Add(new HistorySegment(minute, minutesFrom > daysFrom ? minutesFrom : daysFrom, to));
            return new HistoryPlan(request.Symbol, segments[0].From, to, segments);
        }

        if (!BarInterval.TryParse(request.Interval, out var interval))
        {
            throw new ArgumentException(
                $"The interval '{request.Interval}' is not valid; valid: {string.Join(", ", BarInterval.All.Select(i => i.Name))}, {RegenerationRequest.AutoInterval}.",
                nameof(request));
        }

        var from = interval.Value.StartOf(start);
        var until = interval.Value.StartOf(end);
        return new HistoryPlan(request.Symbol, from, until, [new HistorySegment(interval.Value, from, until)]);
    }
}

/// <summary>Bars of <paramref name="Interval"/> starting at every interval start in [<paramref name="From"/>, <paramref name="To"/>).</summary>
public sealed record HistorySegment(BarInterval Interval, DateTime From, DateTime To)
{
    /// <summary>How many bars the segment holds.</summary>
    public long BarCount
    {
        get
        {
            if (!Interval.IsMonth)
            {
                return Math.Max(0, (To - From).Ticks / Interval.FixedLength.Ticks);
            }

            long count = 0;
            for (var t = From; t < To; t = Interval.Next(t))
            {
                count++;
            }

            return count;
        }
    }
}
