using System.Text.Json.Serialization;
using OrleansTicks.GrainInterfaces.Regeneration;

namespace OrleansTicks.Grains.Regeneration;

/// <summary>A regeneration job grain's stored state.</summary>
public sealed class RegenerationJobState
{
    /// <summary>The job's status; null until the job is started.</summary>
    [JsonPropertyName("status")]
    public RegenerationStatus? Status { get; set; }
}
