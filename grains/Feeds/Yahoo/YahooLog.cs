using Microsoft.Extensions.Logging;

namespace OrleansTicks.Grains.Feeds.Yahoo;

/// <summary>The yahoo importer's log messages, event ids 4420–4439 (grains/README.md). A symbol's fetch problems are
/// logged once per streak (the first failure, then the recovery), bad minutes at most once per 10 s.</summary>
internal static partial class YahooLog
{
    [LoggerMessage(EventId = 4420, Level = LogLevel.Information, Message = "Yahoo importer started: charts from {Url}, every {PollInterval} per symbol, {Symbols} configured symbols plus the watched ones")]
    public static partial void Started(ILogger logger, Uri url, TimeSpan pollInterval, int symbols);

    [LoggerMessage(EventId = 4421, Level = LogLevel.Warning, Message = "Yahoo chart of {Symbol} not fetched: {Problem}; retrying in {Retry} (logged once until it recovers)")]
    public static partial void FetchFailed(ILogger logger, string symbol, string problem, TimeSpan retry);

    [LoggerMessage(EventId = 4422, Level = LogLevel.Information, Message = "Yahoo chart of {Symbol} fetched again after {Failures} failed attempts")]
    public static partial void Recovered(ILogger logger, string symbol, int failures);

    [LoggerMessage(EventId = 4423, Level = LogLevel.Warning, Message = "Yahoo does not serve {Symbol} ({VendorSymbol}): {Error}; retrying in {Retry} (logged once until it does)")]
    public static partial void VendorError(ILogger logger, string symbol, string vendorSymbol, string error, TimeSpan retry);

    [LoggerMessage(EventId = 4424, Level = LogLevel.Warning, Message = "Yahoo answer for {Symbol} is not a usable chart: {Problem}; retrying in {Retry} (logged once until it is)")]
    public static partial void BadAnswer(ILogger logger, string symbol, string problem, TimeSpan retry);

    [LoggerMessage(EventId = 4425, Level = LogLevel.Warning, Message = "Yahoo chart of {Symbol}: {Count} minutes skipped, the first because {Problem}; {Suppressed} more such reports were not logged")]
    public static partial void BadMinutes(ILogger logger, string symbol, int count, string problem, long suppressed);

    [LoggerMessage(EventId = 4426, Level = LogLevel.Warning, Message = "Yahoo import of {Symbol} postponed: its latest stored bar could not be read")]
    public static partial void WatermarkUnavailable(ILogger logger, Exception exception, string symbol);

    [LoggerMessage(EventId = 4427, Level = LogLevel.Debug, Message = "Yahoo chart of {Symbol}: {Bars} minutes imported as {Trades} trades, up to {Watermark:O}")]
    public static partial void Imported(ILogger logger, string symbol, int bars, int trades, DateTime? watermark);

    [LoggerMessage(EventId = 4428, Level = LogLevel.Error, Message = "Yahoo import of {Symbol} failed; retrying in {Retry}")]
    public static partial void PollFailed(ILogger logger, Exception exception, string symbol, TimeSpan retry);
}
