using Microsoft.Extensions.Logging;

namespace OrleansTicks.Grains.Feeds.Finnhub;

/// <summary>The finnhub feed's own log messages, event ids 4380–4399 (grains/README.md); the connection's events
/// are the live plumbing's (4340–4359).</summary>
internal static partial class FinnhubLog
{
    [LoggerMessage(EventId = 4380, Level = LogLevel.Information, Message = "Finnhub feed starting: {Url}, {Symbols} configured symbols plus the watched ones")]
    public static partial void Starting(ILogger logger, string url, int symbols);

    [LoggerMessage(EventId = 4390, Level = LogLevel.Information, Message = "Finnhub symbol list {Url}: {Count} symbols merged into the directory, {Skipped} entries without a valid symbol skipped")]
    public static partial void SymbolListLoaded(ILogger logger, string url, int count, int skipped);

    [LoggerMessage(EventId = 4391, Level = LogLevel.Warning, Message = "Finnhub symbol list {Url} not loaded ({Problem}); the embedded symbol lists stay")]
    public static partial void SymbolListFailed(ILogger logger, Exception? exception, string url, string problem);

    [LoggerMessage(EventId = 4392, Level = LogLevel.Information, Message = "No Finnhub symbol list is configured (Feed:Finnhub:SymbolListUrl, or Feed:Token with Finnhub's own feed); the embedded symbol lists serve")]
    public static partial void SymbolListNotConfigured(ILogger logger);
}
