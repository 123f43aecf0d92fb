using System.Text.Json.Serialization;

namespace OrleansTicks.GrainInterfaces.Market;

/// <summary>A 1-minute bar as observers see it change.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Bar">The bar with every trade applied so far.</param>
/// <param name="IsFinal">False while the minute is the symbol's current (partial) bar; true once it is closed.</param>
/// <param name="Revision">0 when a bar is first closed; +1 each time late trades change it after that.</param>
/// <param name="Sequence">The symbol's update sequence number of this update (see <see cref="Quote.Sequence"/>).</param>
public sealed record BarUpdate(
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("bar")] Bar Bar,
    [property: JsonPropertyName("final")] bool IsFinal,
    [property: JsonPropertyName("revision")] int Revision,
    [property: JsonPropertyName("seq")] long Sequence);
