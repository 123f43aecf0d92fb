using System.Globalization;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds.Csv;

namespace OrleansTicks.Grains.Feeds.Replay;

/// <summary>Streams the rows of a bar file (header <c>Date,Open,High,Low,Close,Volume</c>, see
/// <see cref="CsvBarColumns"/>) with their line numbers, each either a good bar or the reason it is bad. A bad row is
/// reported as it is, never repaired: a value missing or not a number, a price not positive, a negative volume, a low
/// above the high, the open or the close, a high below the open or the close, a date that does not parse, an intraday
/// time not on a whole minute, or a bar that does not start after the previous good row's bar has ended.</summary>
public static class CsvBarReader
{
    /// <summary>Reads the rows of <paramref name="reader"/>; blank lines are skipped.</summary>
    /// <param name="reader">The file, positioned at its header.</param>
    /// <param name="source">The file's name, for messages.</param>
    /// <exception cref="InvalidDataException">The header lacks a required column (thrown on the first enumeration
    /// step).</exception>
    public static IEnumerable<CsvBarRow> Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        var columns = CsvBarColumns.Parse(reader.ReadLine(), source);
        var lineNumber = 1L;
        ReplayBar? previous = null;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var row = ParseRow(line, lineNumber, columns, previous);
            if (row.Bar is { } bar)
            {
                previous = bar;
            }

            yield return row;
        }
    }

    /// <summary>Parses one data row; <paramref name="previous"/> is the last good bar, which this one must follow.</summary>
    public static CsvBarRow ParseRow(string line, long lineNumber, CsvBarColumns columns, ReplayBar? previous)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(columns);
        List<string> fields;
        try
        {
            fields = CsvFields.Split(line);
        }
        catch (FormatException exception)
        {
            return Bad(lineNumber, $"not valid CSV: {exception.Message}");
        }

        if (fields.Count < columns.MinimumFields)
        {
            return Bad(lineNumber, $"has {fields.Count} fields, fewer than the {columns.MinimumFields} the header's columns need");
        }

        var problems = new List<string>();
        var hasTime = TryParseStart(fields[columns.Date], problems, out var start, out var isDaily);
        var open = ParsePrice(fields[columns.Open], "Open", problems);
        var high = ParsePrice(fields[columns.High], "High", problems);
        var low = ParsePrice(fields[columns.Low], "Low", problems);
        var close = ParsePrice(fields[columns.Close], "Close", problems);
        var volume = ParseNumber(fields[columns.Volume], "Volume", problems);
        if (volume < 0)
        {
            problems.Add($"Volume {volume} is negative");
        }

        if (open is { } o && high is { } h && low is { } l && close is { } c)
        {
            CheckRange(o, h, l, c, problems);
        }

        if (hasTime && previous is { } before && start < before.End)
        {
            problems.Add($"the bar starting {start:yyyy-MM-dd HH:mm} does not start after the previous row's bar (line {before.Line}, {before.Start:yyyy-MM-dd HH:mm}) has ended");
        }

        return problems.Count > 0
            ? Bad(lineNumber, string.Join("; ", problems))
            : new CsvBarRow(lineNumber, new ReplayBar(lineNumber, start, isDaily, open!.Value, high!.Value, low!.Value, close!.Value, volume!.Value), null);
    }

    /// <summary>Adds what makes the four prices inconsistent (low ≤ open, close ≤ high must hold) to <paramref name="problems"/>.</summary>
    internal static void CheckRange(decimal open, decimal high, decimal low, decimal close, List<string> problems)
    {
        if (low > high)
        {
            problems.Add($"the low {low} is above the high {high}");
        }

        if (low > open)
        {
            problems.Add($"the low {low} is above the open {open}");
        }

        if (low > close)
        {
            problems.Add($"the low {low} is above the close {close}");
        }

        if (high < open)
        {
            problems.Add($"the high {high} is below the open {open}");
        }

        if (high < close)
        {
            problems.Add($"the high {high} is below the close {close}");
        }
    }

    /// <summary>A date alone (<c>yyyy-MM-dd</c>) is that day's bar; a date and time (<c>yyyy-MM-dd HH:mm[:ss]</c>, or
    /// with <c>T</c>) is a minute bar, UTC when it has no offset and converted to UTC when it has one.</summary>
    private static bool TryParseStart(string text, List<string> problems, out DateTime start, out bool isDaily)
    {
        var trimmed = text.Trim();
        start = default;
        isDaily = false;
        if (trimmed.Length == 0 || IsNull(trimmed))
        {
            problems.Add("Date is missing");
            return false;
        }

        // Strict ISO-8601 only, so that an ambiguous 05/11/2019 is rejected rather than guessed.
        if (!IsoInstant.TryParse(trimmed, out start))
        {
            problems.Add($"Date '{text}' is not a date (yyyy-MM-dd) nor a time (yyyy-MM-dd HH:mm:ss, optionally with an offset)");
            return false;
        }

        isDaily = trimmed.Length == "yyyy-MM-dd".Length; // a date alone: IsoInstant read it as that day's midnight, UTC
        if (isDaily)
        {
            return true;
        }

        if (start.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            problems.Add($"Date '{text}' is not on a whole minute, so it is not the start of a minute bar");
            return false;
        }

        return true;
    }

    private static decimal? ParsePrice(string text, string column, List<string> problems)
    {
        var value = ParseNumber(text, column, problems);
        if (value <= 0)
        {
            problems.Add($"{column} {value} is not a positive price");
            return null;
        }

        return value;
    }

    private static decimal? ParseNumber(string text, string column, List<string> problems)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || IsNull(trimmed))
        {
            problems.Add($"{column} is missing");
            return null;
        }

        if (!decimal.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            problems.Add($"{column} '{text}' is not a number");
            return null;
        }

        return value;
    }

    // Yahoo Finance writes "null" for the values of a day it has no data for.
    private static bool IsNull(string text) => string.Equals(text, "null", StringComparison.OrdinalIgnoreCase);

    private static CsvBarRow Bad(long lineNumber, string problem) => new(lineNumber, null, problem);
}
