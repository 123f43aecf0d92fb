using System.Diagnostics.CodeAnalysis;

namespace OrleansTicks.GrainInterfaces.Market;

/// <summary>A bar interval by its wire name (yfinance's: <c>1m 5m 15m 30m 1h 1d 1wk 1mo</c>). Intervals are
/// aligned in UTC: minutes and hours to the clock, days to midnight, weeks to Monday, months to the 1st.</summary>
public readonly record struct BarInterval
{
    private BarInterval(string name, TimeSpan fixedLength, bool isMonth)
    {
        Name = name;
        FixedLength = fixedLength;
        IsMonth = isMonth;
    }

    /// <summary>One minute: the unit every other interval is aggregated from.</summary>
    public static BarInterval OneMinute { get; } = new("1m", TimeSpan.FromMinutes(1), false);

    /// <summary>Every supported interval, shortest first.</summary>
    public static IReadOnlyList<BarInterval> All { get; } =
    [
        OneMinute,
        new("5m", TimeSpan.FromMinutes(5), false),
        new("15m", TimeSpan.FromMinutes(15), false),
        new("30m", TimeSpan.FromMinutes(30), false),
        new("1h", TimeSpan.FromHours(1), false),
        new("1d", TimeSpan.FromDays(1), false),
        new("1wk", TimeSpan.FromDays(7), false),
        new("1mo", TimeSpan.Zero, true),
    ];

    /// <summary>The wire name, e.g. <c>5m</c>.</summary>
    public string Name { get; }

    /// <summary>The length of a fixed-length interval; zero for months.</summary>
    public TimeSpan FixedLength { get; }

    /// <summary>Whether the interval is a calendar month.</summary>
    public bool IsMonth { get; }

    /// <summary>Finds an interval by its wire name (case-sensitive, as the names differ only by case from
    /// nothing else: <c>1m</c> is a minute, <c>1mo</c> a month).</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out BarInterval? interval)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name, name, StringComparison.Ordinal))
            {
                interval = candidate;
                return true;
            }
        }

        interval = null;
        return false;
    }

    /// <summary>The start of the interval that contains <paramref name="time"/> (UTC).</summary>
    public DateTime StartOf(DateTime time)
    {
        var ticks = time.Ticks;
        if (IsMonth)
        {
            return new DateTime(time.Year, time.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        }

        // Whole multiples of the length since 0001-01-01, which was a Monday: weeks start on Mondays.
        return new DateTime(ticks - (ticks % FixedLength.Ticks), DateTimeKind.Utc);
    }

    /// <summary>The start of the interval after the one starting at <paramref name="start"/>.</summary>
    public DateTime Next(DateTime start) => IsMonth ? start.AddMonths(1) : start + FixedLength;

    /// <inheritdoc />
    public override string ToString() => Name;
}
