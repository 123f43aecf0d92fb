using System.Text.Json.Serialization;

namespace OrleansTicks.Grains.Symbols;

/// <summary>A member of the S&amp;P 500, as the embedded constituents list names it: the simulator's universe.</summary>
/// <param name="Symbol">The ticker in the listing files' form (<c>BRK.B</c>).</param>
/// <param name="Name">The company's short name (<c>Apple Inc.</c>, <c>3M</c>).</param>
/// <param name="Sector">The GICS sector (<c>Information Technology</c>).</param>
public sealed record Sp500Constituent(
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("sector")] string Sector);
