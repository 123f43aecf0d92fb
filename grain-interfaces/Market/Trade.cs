using System.Text.Json.Serialization;

namespace OrleansTicks.GrainInterfaces.Market;

/// <summary>One trade (a print) of a symbol. Prices and sizes are <see cref="decimal"/> so that every aggregate
/// built from trades is exact and does not depend on the order trades are added in.</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="TradeId">The feed's id of the trade, unique per symbol; a trade id seen before is a duplicate.</param>
/// <param name="Price">The price, positive.</param>
/// <param name="Size">The quantity, positive (zero for prints that carry no volume).</param>
/// <param name="Time">When the trade happened, UTC.</param>
public readonly record struct Trade(
    [property: JsonPropertyName("s")] string Symbol,
    [property: JsonPropertyName("id")] long TradeId,
    [property: JsonPropertyName("p")] decimal Price,
    [property: JsonPropertyName("v")] decimal Size,
    [property: JsonPropertyName("t")] DateTime Time)
{
    /// <summary>The UTC minute the trade belongs to: its time truncated to the minute.</summary>
    public DateTime Minute => new(Time.Ticks - (Time.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);

    /// <summary>Orders trades by time, then by trade id: the order that decides a bar's open and close.</summary>
    public static int CompareByTimeThenId(long timeTicksA, long idA, long timeTicksB, long idB)
    {
        var byTime = timeTicksA.CompareTo(timeTicksB);
        return byTime != 0 ? byTime : idA.CompareTo(idB);
    }
}
