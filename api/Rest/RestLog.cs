namespace OrleansTicks.Api.Rest;

/// <summary>The REST endpoints' log events (ids 5000–5099, see api/README.md).</summary>
internal static partial class RestLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Regeneration {JobId} requested over REST: {Symbol} {Period} at {Interval}, seed {Seed}")]
    public static partial void RegenerationQueued(ILogger logger, string jobId, string symbol, string period, string interval, long seed);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "{Symbol} has no history from before the simulated feed started; history job {JobId} generates it")]
    public static partial void HistoryRequested(ILogger logger, string symbol, string jobId);
}
