using System.Globalization;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Storage;

/// <summary>The checks every bar store makes before it touches data, so that all engines reject the same input with
/// the same message, and the one conversion of stored times: every store keeps a time as its
/// <see cref="DateTime.Ticks"/> (100 ns, UTC) and hands it back as a UTC <see cref="DateTime"/>, so a bar read back
/// equals the bar written, to the tick.</summary>
internal static class BarRules
{
    public static DateTime Utc(long ticks) => new(ticks, DateTimeKind.Utc);

    /// <summary>The bar with its three times marked UTC, as a store returns it.</summary>
    public static Bar AsUtc(in Bar bar) => bar with
    {
        Start = DateTime.SpecifyKind(bar.Start, DateTimeKind.Utc),
        FirstTime = DateTime.SpecifyKind(bar.FirstTime, DateTimeKind.Utc),
        LastTime = DateTime.SpecifyKind(bar.LastTime, DateTimeKind.Utc),
    };

    public static void CheckSymbol(string symbol, string paramName)
    {
        if (string.IsNullOrWhiteSpace(symbol))
        {
            throw new ArgumentException("The symbol must be a non-empty string such as \"AAPL\".", paramName);
        }
    }

    /// <summary>Checks a range [from, to): both UTC (or unspecified, read as UTC), from not after to.</summary>
    public static void CheckRange(DateTime from, DateTime to)
    {
        CheckNotLocal(from, nameof(from));
        CheckNotLocal(to, nameof(to));
        if (from > to)
        {
            throw new ArgumentException($"The range [{Format(from)}, {Format(to)}) is reversed: from must not be after to.", nameof(from));
        }
    }

    /// <summary>Checks that <paramref name="bar"/> is a plausible 1-minute bar: its start on a UTC minute, its first
    /// and last trade inside that minute and in order, at least one trade, low ≤ open, close ≤ high, volume ≥ 0.
    /// The message names the bar as <c>{paramName}[{index}] ({symbol})</c>, built only on failure (this runs per bar of
    /// a year-long replace).</summary>
    public static void CheckBar(in Bar bar, string paramName, long index, string symbol)
    {
        if (Describe(bar) is { } problem)
        {
            throw new ArgumentException($"{Name(paramName, index, symbol)} {problem}", paramName);
        }
    }

    /// <summary>As <see cref="CheckBar"/>, for delta <paramref name="index"/> of checkpoint <paramref name="checkpoint"/>,
    /// named <c>{paramName}[{checkpoint}].Deltas[{index}] ({symbol})</c>.</summary>
    public static void CheckDelta(in Bar bar, string paramName, int checkpoint, int index, string symbol)
    {
        if (Describe(bar) is { } problem)
        {
            throw new ArgumentException($"{paramName}[{checkpoint}].Deltas[{index}] ({symbol}) {problem}", paramName);
        }
    }

    /// <summary>The exception for a bad argument of the public method whose parameter is <paramref name="paramName"/>.</summary>
    public static ArgumentException Rejected(string message, string paramName) => new(message, paramName);

    /// <summary>How a bar is named in messages.</summary>
    public static string Name(string paramName, long index, string symbol) => $"{paramName}[{index}] ({symbol})";

    private static string? Describe(in Bar bar)
    {
        if (bar.Start.Kind == DateTimeKind.Local || bar.FirstTime.Kind == DateTimeKind.Local || bar.LastTime.Kind == DateTimeKind.Local)
        {
            return "has a local time; bar times must be UTC.";
        }

        if (bar.Start.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            return $"starts at {Format(bar.Start)}, which is not on a minute; a 1-minute bar starts at a whole UTC minute.";
        }

        var end = bar.Start.Ticks + TimeSpan.TicksPerMinute;
        if (bar.FirstTime.Ticks < bar.Start.Ticks || bar.FirstTime.Ticks >= end || bar.LastTime.Ticks < bar.Start.Ticks || bar.LastTime.Ticks >= end)
        {
            return $"of minute {Format(bar.Start)} has its first trade at {Format(bar.FirstTime)} and its last at {Format(bar.LastTime)}; both must lie in that minute.";
        }

        if (Trade.CompareByTimeThenId(bar.FirstTime.Ticks, bar.FirstTradeId, bar.LastTime.Ticks, bar.LastTradeId) > 0)
        {
            return $"of minute {Format(bar.Start)}: its first trade (time, id) comes after its last trade.";
        }

        if (bar.Trades < 1)
        {
            return $"of minute {Format(bar.Start)} has {bar.Trades} trades; a stored bar summarises at least one trade.";
        }

        if (bar.Low > bar.High || bar.Open < bar.Low || bar.Open > bar.High || bar.Close < bar.Low || bar.Close > bar.High)
        {
            return $"of minute {Format(bar.Start)} is inconsistent: low {bar.Low}, open {bar.Open}, close {bar.Close}, high {bar.High}; low ≤ open, close ≤ high must hold.";
        }

        if (bar.Volume < 0)
        {
            return $"of minute {Format(bar.Start)} has a negative volume ({bar.Volume}).";
        }

        return null;
    }

    public static string Format(DateTime time) => time.ToString("O", CultureInfo.InvariantCulture);

    private static void CheckNotLocal(DateTime time, string paramName)
    {
        if (time.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException($"{paramName} ({Format(time)}) is a local time; bar ranges are UTC.", paramName);
        }
    }
}
