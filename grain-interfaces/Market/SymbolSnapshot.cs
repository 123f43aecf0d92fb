using System.Text.Json.Serialization;

namespace OrleansTicks.GrainInterfaces.Market;

/// <summary>What a new watcher of a symbol needs at once: the live quote and the current partial bar, taken in one
/// turn of the symbol grain so that they agree with each other and with <see cref="Sequence"/>.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Quote">The quote; null until the symbol's first trade.</param>
/// <param name="Bar">The current partial 1-minute bar; null when there is none.</param>
/// <param name="Sequence">The number of the last update the snapshot reflects (see <see cref="Quote.Sequence"/>):
/// every later update has a higher one.</param>
/// <param name="TradesApplied">Trades the symbol has applied, ever (duplicates not counted): what its stored bars must
/// add up to.</param>
public sealed record SymbolSnapshot(
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("quote")] Quote? Quote,
    [property: JsonPropertyName("bar")] Bar? Bar,
    [property: JsonPropertyName("seq")] long Sequence,
    [property: JsonPropertyName("tradesApplied")] long TradesApplied = 0);
