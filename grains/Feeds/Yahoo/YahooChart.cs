namespace OrleansTicks.Grains.Feeds.Yahoo;

/// <summary>A parsed chart answer: either the minutes of <c>chart.result[0]</c>, in the order served, or the
/// <c>chart.error</c> Yahoo sends for a symbol it does not know.</summary>
/// <param name="Symbol"><c>meta.symbol</c>, if present.</param>
/// <param name="Granularity"><c>meta.dataGranularity</c>, if present (<c>1m</c> for what is asked).</param>
/// <param name="Minutes">The elements, in the order served (none before the day's first trade).</param>
/// <param name="Error">The error's description (or code), when the answer is an error.</param>
public sealed record YahooChart(string? Symbol, string? Granularity, IReadOnlyList<YahooMinute> Minutes, string? Error);
