using System.Globalization;
using OrleansTicks.Grains.Feeds.Replay;

namespace OrleansTicks.Grains.Feeds.Yahoo;

/// <summary>Decides which minutes of a chart answer are imported. Only closed minutes count (a minute whose end is at
/// or before <c>closedBy</c> = now − <c>Feed:Yahoo:SettleDelay</c>); the still-forming one waits for a later poll.
/// Each closed minute after the watermark is classified once — imported, empty or bad — and moves the watermark, so a
/// minute is never imported twice and a bad one is counted once, not on every poll. Minutes at or before the
/// watermark (classified by an earlier poll, or stored before a restart) are passed over silently.</summary>
internal static class YahooMinuteFilter
{
    /// <summary>Prices above this are absurd (Berkshire's A share, the dearest US listing, trades below $1 million).</summary>
    public const decimal MaxPrice = 1_000_000_000m;

    /// <summary>Minute volumes above this are absurd.</summary>
    public const decimal MaxVolume = 1_000_000_000_000_000m;

    /// <summary>The start of DateTime's last minute, in Unix seconds.</summary>
    public const long LastMinute = 253_402_300_680;

    private const long SecondsPerMinute = 60;

    /// <summary>Selects from <paramref name="minutes"/> (in the order served) the closed minutes after
    /// <paramref name="watermark"/>.</summary>
    public static YahooSelection Select(IReadOnlyList<YahooMinute> minutes, DateTime? watermark, DateTime closedBy)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        var selection = new YahooSelection { Watermark = watermark };
        DateTime? previous = null; // the latest minute seen in this answer, for the order check
        for (var i = 0; i < minutes.Count; i++)
        {
            var minute = minutes[i];
            if (minute.Time is < 0 or > LastMinute)
            {
                // Cannot be placed against the watermark, so counted on every answer that has it.
                selection.AddBad($"the timestamp {minute.Time} is out of range");
                continue;
            }

            var start = DateTime.UnixEpoch.AddSeconds(minute.Time - (minute.Time % SecondsPerMinute));
            if (start.AddMinutes(1) > closedBy)
            {
                continue; // not closed yet
            }

            if (start <= watermark)
            {
                previous = Later(previous, start);
                continue;
            }

            if (minute.Time % SecondsPerMinute != 0)
            {
                // Yahoo may end a chart with the live point, stamped at the last trade's second: the forming minute.
                if (i < minutes.Count - 1)
                {
                    selection.AddBad($"the element at {Format(minute.Time)} is not on a whole minute");
                }

                continue;
            }

            if (start <= previous)
            {
                selection.AddBad($"the minute {Format(minute.Time)} comes after {previous:yyyy-MM-dd HH:mm} in the answer (out of order or repeated)");
                continue;
            }

            previous = start;
            selection.Watermark = start;
            if (minute.IsEmpty)
            {
                selection.Empty++;
            }
            else if (Describe(minute) is { } problem)
            {
                selection.AddBad($"the minute {Format(minute.Time)}: {problem}");
            }
            else
            {
                selection.Bars.Add(new ReplayBar(minute.Time / SecondsPerMinute, start, false, minute.Open!.Value, minute.High!.Value, minute.Low!.Value, minute.Close!.Value, minute.Volume!.Value));
            }
        }

        return selection;
    }

    private static string? Describe(in YahooMinute minute)
    {
        if (minute.Problem is { } garbage)
        {
            return garbage;
        }

        if (minute is not { Open: { } open, High: { } high, Low: { } low, Close: { } close, Volume: { } volume })
        {
            return $"a value is null (open {Show(minute.Open)}, high {Show(minute.High)}, low {Show(minute.Low)}, close {Show(minute.Close)}, volume {Show(minute.Volume)})";
        }

        var problems = new List<string>();
        foreach (var (name, price) in new[] { ("open", open), ("high", high), ("low", low), ("close", close) })
        {
            if (price is <= 0 or > MaxPrice)
            {
                problems.Add($"the {name} {price} is not a price (0 < price ≤ {MaxPrice:N0})");
            }
        }

        if (volume is < 0 or > MaxVolume)
        {
            problems.Add($"the volume {volume} is not a volume (0 ≤ volume ≤ {MaxVolume:N0})");
        }

        CsvBarReader.CheckRange(open, high, low, close, problems);
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static DateTime Later(DateTime? a, DateTime b) => a is { } x && x > b ? x : b;

    private static string Show(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "null";

    private static string Format(long unixSeconds) =>
        unixSeconds is >= 0 and <= LastMinute
            ? DateTime.UnixEpoch.AddSeconds(unixSeconds).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : unixSeconds.ToString(CultureInfo.InvariantCulture);
}
