using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Api.Rest;

/// <summary>The range a period names, ending now, at an interval: what search and analytics read.</summary>
/// <param name="Period">The period.</param>
/// <param name="Interval">The interval: the one asked for, else the period's default.</param>
/// <param name="From">The period's start aligned down to the interval.</param>
/// <param name="To">Now.</param>
internal readonly record struct HistoryWindow(HistoryPeriod Period, BarInterval Interval, DateTime From, DateTime To)
{
    /// <summary>Where storage reads end: after the minute that holds now, so the live partial bar is included.</summary>
    public DateTime ReadTo => BarInterval.OneMinute.Next(BarInterval.OneMinute.StartOf(To));

    /// <summary>The window of <paramref name="periodRaw"/> at <paramref name="intervalRaw"/> ending at
    /// <paramref name="now"/>; 400 when either is unknown or the window would exceed <see cref="BarHistory.MaxBars"/>.</summary>
    public static HistoryWindow Parse(string? periodRaw, string? intervalRaw, string periodParameter, DateTime now)
    {
        var period = RestQuery.Period(periodRaw, periodParameter, HistoryPeriod.All[0]);
        var interval = RestQuery.Interval(intervalRaw) ?? Default(period);
        var from = interval.StartOf(period.StartBefore(now));
        var count = BarHistory.CountIntervals(interval, from, interval.Next(interval.StartOf(now)));
        if (count > BarHistory.MaxBars)
        {
            var fitting = BarInterval.All
                .Where(i => BarHistory.CountIntervals(i, i.StartOf(period.StartBefore(now)), i.Next(i.StartOf(now))) <= BarHistory.MaxBars)
                .Select(i => i.Name).ToArray();
            throw RestProblem.BadParameter("interval",
                $"{periodParameter} '{period.Name}' at interval '{interval.Name}' is {count:N0} bars; at most {BarHistory.MaxBars:N0} bars are answered at once. Choose a longer interval.",
                fitting);
        }

        return new HistoryWindow(period, interval, from, now);
    }

    private static BarInterval Default(HistoryPeriod period) =>
        BarInterval.TryParse(period.DefaultInterval, out var interval) ? interval.Value : BarInterval.OneMinute;
}
