using System.Text.Json.Serialization;

namespace OrleansTicks.GrainInterfaces.Feeds;

/// <summary>The ingestor's counters and its connector's state, for the status endpoint.</summary>
/// <param name="Feed">The running connector's status; null when <c>Feed:Kind</c> is <c>none</c>.</param>
/// <param name="TradesPublished">Trades passed on to symbol grains since start.</param>
/// <param name="TradesPerSecond">Trades published per second over the last few seconds.</param>
/// <param name="Rejected">Trades rejected since start, by reason.</param>
/// <param name="LastTradeAt">When the last trade was published (UTC).</param>
public sealed record IngestorStatus(
    [property: JsonPropertyName("feed")] FeedConnectorStatus? Feed,
    [property: JsonPropertyName("tradesPublished")] long TradesPublished,
    [property: JsonPropertyName("tradesPerSecond")] double TradesPerSecond,
    [property: JsonPropertyName("rejected")] IReadOnlyDictionary<string, long> Rejected,
    [property: JsonPropertyName("lastTradeAt")] DateTime? LastTradeAt);
