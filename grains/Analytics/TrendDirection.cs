using System.Text.Json.Serialization;

namespace OrleansTicks.Grains.Analytics;

/// <summary>Which way the least-squares line through the closes points (see <see cref="TrendStats"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrendDirection>))]
public enum TrendDirection
{
    /// <summary>The line moves less than <see cref="MarketAnalytics.FlatThresholdPercent"/> of the mean close over
    /// the window.</summary>
    [JsonStringEnumMemberName("flat")]
    Flat,

    /// <summary>The line rises by at least the threshold.</summary>
    [JsonStringEnumMemberName("up")]
    Up,

    /// <summary>The line falls by at least the threshold.</summary>
    [JsonStringEnumMemberName("down")]
    Down,
}
