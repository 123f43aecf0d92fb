using System.Text.Json.Serialization;

namespace OrleansTicks.Grains.Feeds.Finnhub;

/// <summary>One entry of Finnhub's <c>/stock/symbol</c> answer (every field may be missing or null).</summary>
internal sealed record FinnhubListedSymbol(
    [property: JsonPropertyName("currency")] string? Currency,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("displaySymbol")] string? DisplaySymbol,
    [property: JsonPropertyName("figi")] string? Figi,
    [property: JsonPropertyName("mic")] string? Mic,
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("type")] string? Type);

/// <summary>Source-generated JSON for the symbol list (tens of thousands of entries, read once at start).</summary>
[JsonSerializable(typeof(FinnhubListedSymbol[]))]
internal sealed partial class FinnhubJsonContext : JsonSerializerContext;
