using System.Text.Json.Serialization;

namespace OrleansTicks.GrainInterfaces.Regeneration;

/// <summary>A request to replace a symbol's history over a period with generated (mock) bars.</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="Period">A <see cref="Market.HistoryPeriod"/> name: the range that ends now.</param>
/// <param name="Interval">A <see cref="Market.BarInterval"/> name: the resolution of the generated bars (each is
/// stored as one row at its interval's start, so that aggregating at that interval returns it exactly).</param>
/// <param name="Seed">The random seed: the same request with the same seed, end time and end price gives the same bars.</param>
/// <param name="End">Where the generated history ends (exclusive, UTC); null for now. The period counts back from it.</param>
public sealed record RegenerationRequest(
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("period")] string Period,
    [property: JsonPropertyName("interval")] string Interval,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("end")] DateTime? End = null)
{
    /// <summary>The <see cref="Interval"/> that asks for the mixed resolution new symbols get: 1-minute bars for the
    /// last <see cref="AutoMinuteDays"/> days, daily bars before.</summary>
    public const string AutoInterval = "auto";

    /// <summary>How many days of 1-minute bars <see cref="AutoInterval"/> generates.</summary>
    public const int AutoMinuteDays = 5;
}
