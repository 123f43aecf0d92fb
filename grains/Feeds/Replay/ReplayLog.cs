using Microsoft.Extensions.Logging;

namespace OrleansTicks.Grains.Feeds.Replay;

/// <summary>The replay's log messages. Event ids of the feed connectors: 4100–4199 simulator, 4200–4299 replay.</summary>
internal static partial class ReplayLog
{
    [LoggerMessage(EventId = 4320, Level = LogLevel.Information, Message = "Replay of {Path} as {Symbol} started: speed {Speed} (0 = unpaced), times shifted by {Shift}")]
    public static partial void Started(ILogger logger, string path, string symbol, double speed, TimeSpan shift);

    [LoggerMessage(EventId = 4321, Level = LogLevel.Warning, Message = "Replay of {Path}: line {Line} skipped: {Problem}")]
    public static partial void BadRow(ILogger logger, string path, long line, string problem);

    [LoggerMessage(EventId = 4322, Level = LogLevel.Information, Message = "Replay of {Path} completed: {Rows} rows, {Trades} trades, {BadRows} bad rows skipped")]
    public static partial void Completed(ILogger logger, string path, long rows, long trades, long badRows);

    [LoggerMessage(EventId = 4323, Level = LogLevel.Error, Message = "Replay of {Path} failed")]
    public static partial void Faulted(ILogger logger, Exception exception, string path);
}
