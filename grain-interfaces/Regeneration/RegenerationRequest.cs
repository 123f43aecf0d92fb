using System.Text.Json.Serialization;

namespace OrleansTicks.GrainInterfaces.Regeneration;

/// <summary>A request to replace a symbol's history over a period with generated (mock) bars.</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="Period">A <see cref="Market.HistoryPeriod"/> name: the range that ends now.</param>
/// <param name="Interval">A <see cref="Market.BarInterval"/> name: the resolution of the generated bars (each is
/// stored as one row at its interval's start, so that aggregating at that interval returns it exactly).</param>
/// <param name="Seed">The random seed: the same request with the same seed, end time and end price gives the same bars.</param>
public sealed record RegenerationRequest(
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("period")] string Period,
    [property: JsonPropertyName("interval")] string Interval,
    [property: JsonPropertyName("seed")] long Seed);
