using System.Text.Json.Serialization;

namespace OrleansTicks.GrainInterfaces.Symbols;

/// <summary>A known symbol, in Finnhub's symbol-list shape plus where we learned of it.</summary>
/// <param name="Symbol">The symbol as the feed and the API name it, upper case (e.g. <c>AAPL</c>, <c>BRK.B</c>, <c>BTCUSDT</c>).</param>
/// <param name="DisplaySymbol">The symbol as people write it.</param>
/// <param name="Description">The security's name.</param>
/// <param name="Type">Security type: <c>Common Stock</c>, <c>ETP</c>, <c>Crypto</c>, <c>Index</c>, ...</param>
/// <param name="Exchange">The listing exchange (e.g. <c>NASDAQ</c>, <c>NYSE</c>), or the feed's venue.</param>
/// <param name="Source">Where the entry comes from: <c>nasdaq-listed</c>, <c>other-listed</c>, or a feed kind.</param>
public sealed record SymbolInfo(
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("displaySymbol")] string DisplaySymbol,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("exchange")] string Exchange,
    [property: JsonPropertyName("source")] string Source);
