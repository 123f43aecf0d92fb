using System.Text.Json.Serialization;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.GrainInterfaces.Symbols;

namespace OrleansTicks.Api.Rest;

/// <summary>The answer of <c>GET /api/symbols</c>, Finnhub's symbol-lookup shape.</summary>
/// <param name="Count">The number of results.</param>
/// <param name="Result">The matches, best first.</param>
public sealed record SymbolSearchResponse(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("result")] IReadOnlyList<SymbolMatch> Result);

/// <summary>A symbol found by <c>GET /api/symbols</c>.</summary>
/// <param name="Symbol">The symbol as the API names it.</param>
/// <param name="DisplaySymbol">The symbol as people write it.</param>
/// <param name="Description">The security's name.</param>
/// <param name="Type">Security type (<c>Common Stock</c>, <c>ETP</c>, ...).</param>
/// <param name="Exchange">The listing exchange or the feed's venue.</param>
public sealed record SymbolMatch(
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("displaySymbol")] string DisplaySymbol,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("exchange")] string Exchange)
{
    /// <summary>The match of a directory entry.</summary>
    public static SymbolMatch From(SymbolInfo info) => new(info.Symbol, info.DisplaySymbol, info.Description, info.Type, info.Exchange);
}

/// <summary>The answer of <c>GET /api/quotes?symbols=</c>.</summary>
/// <param name="Count">The number of quotes.</param>
/// <param name="Result">The quotes, in the order asked (each symbol once).</param>
/// <param name="NoTrade">Known symbols asked for that have not traded yet.</param>
/// <param name="Unknown">Well-formed symbols asked for that the directory does not know.</param>
public sealed record QuotesResponse(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("result")] IReadOnlyList<Quote> Result,
    [property: JsonPropertyName("noTrade")] IReadOnlyList<string> NoTrade,
    [property: JsonPropertyName("unknown")] IReadOnlyList<string> Unknown);
