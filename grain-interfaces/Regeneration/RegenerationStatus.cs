using System.Text.Json.Serialization;

namespace OrleansTicks.GrainInterfaces.Regeneration;

/// <summary>Where a regeneration job is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RegenerationState>))]
public enum RegenerationState
{
    /// <summary>Accepted, waiting for a worker.</summary>
    Queued,

    /// <summary>A worker is generating and writing bars.</summary>
    Running,

    /// <summary>The new bars replaced the old ones.</summary>
    Completed,

    /// <summary>The job stopped; the old bars are untouched. <see cref="RegenerationStatus.Error"/> says why.</summary>
    Failed,
}

/// <summary>A regeneration job as its requester sees it.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Request">What was asked for.</param>
/// <param name="State">Where the job is.</param>
/// <param name="Progress">0 to 1.</param>
/// <param name="BarCount">Bars generated so far (all of them once completed).</param>
/// <param name="From">The first replaced minute (UTC), once known.</param>
/// <param name="To">The end of the replaced range (exclusive), once known.</param>
/// <param name="Error">Why the job failed.</param>
/// <param name="QueuedAt">When the job was accepted.</param>
/// <param name="StartedAt">When a worker started it.</param>
/// <param name="FinishedAt">When it completed or failed.</param>
public sealed record RegenerationStatus(
    [property: JsonPropertyName("jobId")] string JobId,
    [property: JsonPropertyName("request")] RegenerationRequest Request,
    [property: JsonPropertyName("status")] RegenerationState State,
    [property: JsonPropertyName("progress")] double Progress,
    [property: JsonPropertyName("barCount")] long BarCount,
    [property: JsonPropertyName("from")] DateTime? From,
    [property: JsonPropertyName("to")] DateTime? To,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("queuedAt")] DateTime QueuedAt,
    [property: JsonPropertyName("startedAt")] DateTime? StartedAt,
    [property: JsonPropertyName("finishedAt")] DateTime? FinishedAt)
{
    /// <summary>Whether the job has completed or failed.</summary>
    [JsonIgnore]
    public bool IsFinished => State is RegenerationState.Completed or RegenerationState.Failed;
}
