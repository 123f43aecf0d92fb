using System.Globalization;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Tests.Analytics;

/// <summary>Bars for analytics tests: from closes alone, and the real daily AAPL file of tests/data.</summary>
internal static class TestBars
{
    public static readonly DateTime Start = new(2024, 1, 2, 14, 30, 0, DateTimeKind.Utc);

    /// <summary>One-minute bars whose every price is the close, one trade of size 1 each.</summary>
    public static Bar[] FromCloses(params decimal[] closes) =>
        [.. closes.Select((close, i) => Bar(Start.AddMinutes(i), close, volume: 1))];

    public static Bar Bar(DateTime start, decimal close, decimal volume, decimal? notional = null) => new()
    {
        Start = start,
        Open = close,
        High = close,
        Low = close,
        Close = close,
        Volume = volume,
        Notional = notional ?? close * volume,
        Trades = volume == 0 ? 0 : 1,
        FirstTime = start,
        FirstTradeId = 1,
        LastTime = start,
        LastTradeId = 1,
    };

    /// <summary>Daily bars of yahoofinance-AAPL-20040819-20180120.csv (Date, Open, High, Low, Close, Adj Close,
    /// Volume) whose date starts with <paramref name="yearPrefix"/>; the notional is close × volume (the file has no
    /// VWAP).</summary>
    public static Bar[] AppleDaily(string yearPrefix)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "data", "history", "yahoofinance-AAPL-20040819-20180120.csv");
        return
        [
            .. File.ReadLines(path)
                .Skip(1)
                .Where(line => line.StartsWith(yearPrefix, StringComparison.Ordinal))
                .Select(line => line.Split(','))
                .Select(f =>
                {
                    var day = DateTime.SpecifyKind(DateTime.ParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture), DateTimeKind.Utc);
                    var (close, volume) = (decimal.Parse(f[4], CultureInfo.InvariantCulture), decimal.Parse(f[6], CultureInfo.InvariantCulture));
                    return Bar(day, close, volume) with
                    {
                        Open = decimal.Parse(f[1], CultureInfo.InvariantCulture),
                        High = decimal.Parse(f[2], CultureInfo.InvariantCulture),
                        Low = decimal.Parse(f[3], CultureInfo.InvariantCulture),
                    };
                }),
        ];
    }
}
