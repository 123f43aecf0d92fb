using System.Globalization;
using OrleansTicks.Api.Contracts;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Symbols;

namespace OrleansTicks.Api.Rest;

/// <summary>Parses query and route values. Every parameter is bound as a string and parsed here, so that a bad value
/// gets a problem answer naming the parameter and its valid values instead of the framework's bare 400.</summary>
internal static class RestQuery
{
    private static readonly string[] PeriodNames = [.. HistoryPeriod.All.Select(p => p.Name)];
    private static readonly string[] IntervalNames = [.. BarInterval.All.Select(i => i.Name)];

    /// <summary>The upper-case symbol; 400 when malformed or missing, 404 when the directory does not know it.</summary>
    public static string Symbol(string? raw, SymbolDirectory directory, string parameter = "symbol")
    {
        if (!SymbolSyntax.TryNormalize(raw, out var symbol))
        {
            throw RestProblem.InvalidSymbol(parameter, raw);
        }

        return directory.Contains(symbol) ? symbol : throw RestProblem.UnknownSymbol(symbol);
    }

    /// <summary>A yfinance period name (case-insensitive: <c>1D</c> is <c>1d</c>), or <paramref name="fallback"/>.</summary>
    public static HistoryPeriod Period(string? raw, string parameter, HistoryPeriod fallback)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return fallback;
        }

        return HistoryPeriod.TryParse(raw.ToLowerInvariant(), out var period)
            ? period.Value
            : throw RestProblem.BadParameter(parameter, $"'{RestProblem.Shorten(raw)}' is not a period.", PeriodNames);
    }

    /// <summary>A bar interval name (case-sensitive: <c>1m</c> is a minute, <c>1mo</c> a month), or null.</summary>
    public static BarInterval? Interval(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        return BarInterval.TryParse(raw, out var interval)
            ? interval.Value
            : throw RestProblem.BadParameter("interval", $"'{RestProblem.Shorten(raw)}' is not an interval.", IntervalNames);
    }

    /// <summary>An instant as ISO-8601 (<see cref="IsoInstant"/>: an offset or Z; none means UTC) or whole unix seconds,
    /// as UTC; null when absent.</summary>
    public static DateTime? Time(string? raw, string parameter)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds is >= UnixMin and <= UnixMax)
            {
                return DateTime.UnixEpoch.AddSeconds(seconds);
            }
        }
        else if (IsoInstant.TryParse(raw, out var time))
        {
            return time;
        }

        throw RestProblem.BadParameter(parameter, $"'{RestProblem.Shorten(raw)}' is not a time.{PlusHint(raw)}",
            $"ISO-8601 (e.g. 2026-11-20T14:30:00Z, 2026-11-20T09:30:00-05:00 or 2026-11-20) or whole unix seconds between {UnixMin} and {UnixMax}");
    }

    /// <summary>A query string decodes <c>+</c> as a space, so <c>?from=2026-11-20T09:30:00+01:00</c> written unencoded
    /// arrives as <c>…09:30:00 01:00</c>. When putting the plus back makes a time, the answer says so.</summary>
    private static string PlusHint(string raw)
    {
        var space = raw.LastIndexOf(' ');
        return space > 10 && IsoInstant.TryParse(string.Concat(raw.AsSpan(0, space), "+", raw.AsSpan(space + 1)), out _)
            ? " A '+' in a query string reads as a space: write the offset's plus sign as %2B."
            : "";
    }

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>], or <paramref name="fallback"/>.</summary>
    public static int Int(string? raw, string parameter, int min, int max, int fallback)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return fallback;
        }

        return int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw RestProblem.BadParameter(parameter, $"'{RestProblem.Shorten(raw)}' is not a whole number from {min} to {max}.",
                $"{min}..{max}");
    }

    /// <summary>One of <paramref name="valid"/> (lower case expected), or <paramref name="fallback"/>.</summary>
    public static string OneOf(string? raw, string parameter, string[] valid, string fallback)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return fallback;
        }

        foreach (var candidate in valid)
        {
            if (string.Equals(candidate, raw, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        throw RestProblem.BadParameter(parameter, $"'{RestProblem.Shorten(raw)}' is not a valid {parameter}.", valid);
    }

    // 0001-01-01 and 9999-12-31T23:59:59 in unix seconds: the range DateTime can hold.
    private const long UnixMin = -62_135_596_800;
    private const long UnixMax = 253_402_300_799;
}
