using Microsoft.Extensions.Logging;

namespace OrleansTicks.Grains.Feeds.Simulator;

/// <summary>The simulator's log messages. Event ids of the feed connectors: 4100–4199 simulator, 4200–4299 replay.</summary>
internal static partial class SimulatorLog
{
    [LoggerMessage(EventId = 4300, Level = LogLevel.Information, Message = "Simulator feed started: seed {Seed}, {SymbolCount} symbols, {TradesPerSecond} trades/s (0 = unpaced), batches of {BatchSize}")]
    public static partial void Started(ILogger logger, long seed, int symbolCount, int tradesPerSecond, int batchSize);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Simulator feed stopped after {Trades} trades")]
    public static partial void Stopped(ILogger logger, long trades);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "Simulator feed fell {Lag} behind its pace of {TradesPerSecond} trades/s (the sink is slower); the pace restarts from now")]
    public static partial void FellBehind(ILogger logger, TimeSpan lag, int tradesPerSecond);
}
