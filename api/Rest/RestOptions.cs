using System.ComponentModel.DataAnnotations;

namespace OrleansTicks.Api.Rest;

/// <summary>Settings of the REST endpoints (section <c>Rest</c>).</summary>
public sealed class RestOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Rest";

    /// <summary>How long a history answer (search, bars, analytics) is served from the output cache. Short: the live
    /// partial bar moves with every trade; 0 turns caching off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan HistoryCacheDuration { get; set; } = TimeSpan.FromSeconds(2);
}
