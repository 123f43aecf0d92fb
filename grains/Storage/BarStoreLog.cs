using Microsoft.Extensions.Logging;

namespace OrleansTicks.Grains.Storage;

/// <summary>Log events of the bar stores; event ids 4100-4199.</summary>
internal static partial class BarStoreLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Bar store ({Provider}): tables bars_1m and symbol_trade_ids are ready in {Elapsed}")]
    public static partial void SchemaReady(this ILogger logger, string provider, TimeSpan elapsed);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Error, Message = "Bar store ({Provider}): creating tables bars_1m and symbol_trade_ids failed")]
    public static partial void SchemaFailed(this ILogger logger, Exception exception, string provider);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "Replaced the bars of {Symbol} in [{From:O}, {To:O}) with {Count} bars in {Elapsed}")]
    public static partial void RangeReplaced(this ILogger logger, string symbol, DateTime from, DateTime to, long count, TimeSpan elapsed);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "Replacing the bars of {Symbol} in [{From:O}, {To:O}) was rolled back after {Count} bars; the old bars stay")]
    public static partial void ReplaceRolledBack(this ILogger logger, Exception exception, string symbol, DateTime from, DateTime to, long count);
}
