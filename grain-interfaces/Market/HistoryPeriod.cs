using System.Diagnostics.CodeAnalysis;

namespace OrleansTicks.GrainInterfaces.Market;

/// <summary>A history period by yfinance's name (<c>1d 5d 1mo 3mo 6mo ytd 1y 2y 5y 10y max</c>), the range of
/// time that ends now, and the interval a chart of it uses unless told otherwise.</summary>
public readonly record struct HistoryPeriod
{
    private HistoryPeriod(string name, int days, int months, string defaultInterval)
    {
        Name = name;
        Days = days;
        Months = months;
        DefaultInterval = defaultInterval;
    }

    /// <summary>How far back <c>max</c> reaches: further than any history we hold or generate.</summary>
    public static readonly int MaxYears = 30;

    /// <summary>Every period, shortest first. Default intervals: 1d→1m, 5d→5m, 1mo→30m, 3mo→1h, 6mo/ytd/1y/2y→1d,
    /// 5y/10y→1wk, max→1mo (a chart of a few hundred bars).</summary>
    public static IReadOnlyList<HistoryPeriod> All { get; } =
    [
        new("1d", 1, 0, "1m"),
        new("5d", 5, 0, "5m"),
        new("1mo", 0, 1, "30m"),
        new("3mo", 0, 3, "1h"),
        new("6mo", 0, 6, "1d"),
        new("ytd", 0, 0, "1d"),
        new("1y", 0, 12, "1d"),
        new("2y", 0, 24, "1d"),
        new("5y", 0, 60, "1wk"),
        new("10y", 0, 120, "1wk"),
        new("max", 0, MaxYears * 12, "1mo"),
    ];

    /// <summary>The wire name.</summary>
    public string Name { get; }

    /// <summary>The interval used when none is asked for.</summary>
    public string DefaultInterval { get; }

    private int Days { get; }

    private int Months { get; }

    /// <summary>Finds a period by its wire name (case-sensitive).</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out HistoryPeriod? period)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name, name, StringComparison.Ordinal))
            {
                period = candidate;
                return true;
            }
        }

        period = null;
        return false;
    }

    /// <summary>The start of the period that ends at <paramref name="end"/> (UTC): <paramref name="end"/> minus the
    /// period's days or calendar months; <c>ytd</c> starts at midnight of January 1st.</summary>
    public DateTime StartBefore(DateTime end)
    {
        if (Name == "ytd")
        {
            return new DateTime(end.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        }

        return Months > 0 ? end.AddMonths(-Months) : end.AddDays(-Days);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
