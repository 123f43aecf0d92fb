using System.Text.Json.Serialization;
using OrleansTicks.GrainInterfaces.Regeneration;

namespace OrleansTicks.Api.Contracts;

/// <summary>A regeneration job as clients see it: the answer of <c>GET /api/regenerate/{jobId}</c> and the hub's
/// <c>regenerationCompleted</c> message alike.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Symbol">The symbol.</param>
/// <param name="Period">The period asked for.</param>
/// <param name="Interval">The interval asked for.</param>
/// <param name="Seed">The seed asked for.</param>
/// <param name="Status"><c>queued</c>, <c>running</c>, <c>completed</c> or <c>failed</c>.</param>
/// <param name="Progress">0 to 1.</param>
/// <param name="BarCount">Bars generated so far (all of them once completed).</param>
/// <param name="From">The first replaced minute, once known.</param>
/// <param name="To">The end of the replaced range (exclusive), once known.</param>
/// <param name="Error">Why the job failed.</param>
/// <param name="QueuedAt">When the job was accepted.</param>
/// <param name="StartedAt">When a worker started it.</param>
/// <param name="FinishedAt">When it completed or failed.</param>
public sealed record RegenerationJob(
    [property: JsonPropertyName("jobId")] string JobId,
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("period")] string Period,
    [property: JsonPropertyName("interval")] string Interval,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("progress")] double Progress,
    [property: JsonPropertyName("barCount")] long BarCount,
    [property: JsonPropertyName("from")] DateTime? From,
    [property: JsonPropertyName("to")] DateTime? To,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("queuedAt")] DateTime QueuedAt,
    [property: JsonPropertyName("startedAt")] DateTime? StartedAt,
    [property: JsonPropertyName("finishedAt")] DateTime? FinishedAt)
{
    /// <summary>The client's view of a job's status (states in lower case, like the 202 answer).</summary>
    public static RegenerationJob Of(RegenerationStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var request = status.Request;
        return new RegenerationJob(status.JobId, request.Symbol, request.Period, request.Interval, request.Seed, StateName(status.State),
            status.Progress, status.BarCount, status.From, status.To, status.Error, status.QueuedAt, status.StartedAt, status.FinishedAt);
    }

    /// <summary>The wire name of a state.</summary>
    public static string StateName(RegenerationState state) => state switch
    {
        RegenerationState.Queued => "queued",
        RegenerationState.Running => "running",
        RegenerationState.Completed => "completed",
        _ => "failed",
    };
}
