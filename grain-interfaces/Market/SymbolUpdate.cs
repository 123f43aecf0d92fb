using System.Text.Json.Serialization;

namespace OrleansTicks.GrainInterfaces.Market;

/// <summary>The updates one operation of a symbol grain published (a batch of trades applied, a tick that closed the
/// partial bar, a change of the subscriber count), sent to each observer as one notification. Every update in it is
/// numbered (see <see cref="Quote.Sequence"/>); the quote's number and the bars' numbers interleave (a batch that
/// crosses a minute publishes the closed bar, then the quote, then the new partial bar), so a consumer applies them
/// in number order, not quote first.</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="Quote">The quote after the operation; null when the operation changed only bars.</param>
/// <param name="Bars">The bar changes of the operation (closed bars, revisions by late trades, the partial bar), in
/// number order; empty when it changed only the quote.</param>
public sealed record SymbolUpdate(
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("quote")] Quote? Quote,
    [property: JsonPropertyName("bars")] IReadOnlyList<BarUpdate> Bars);
