using System.Text.Json.Serialization;
using OrleansTicks.Api.Contracts;
using OrleansTicks.GrainInterfaces.Feeds;

namespace OrleansTicks.Api.Rest;

/// <summary>The seed metrics API's envelope: <c>{"success":true,"data":...}</c> (errors are problem answers).</summary>
/// <typeparam name="T">The data's type.</typeparam>
/// <param name="Data">The data.</param>
public sealed record MetricsEnvelope<T>([property: JsonPropertyName("data")] T Data)
{
    /// <summary>Always true: failures are answered as problem details, not as envelopes.</summary>
    [JsonPropertyName("success")]
    [JsonPropertyOrder(-1)]
    public bool Success => true;
}

/// <summary>A symbol's latest 1-minute aggregation with its quote's statistics (<c>GET /api/metrics/latest</c>).</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Time">The minute's start.</param>
/// <param name="Partial">True while the minute is the live partial bar, false once closed.</param>
/// <param name="Open">The minute's open.</param>
/// <param name="High">The minute's high.</param>
/// <param name="Low">The minute's low.</param>
/// <param name="Close">The minute's close.</param>
/// <param name="Volume">The minute's volume.</param>
/// <param name="Trades">The minute's trade count.</param>
/// <param name="Vwap">The minute's VWAP.</param>
/// <param name="Price">The last trade's price.</param>
/// <param name="LastTradeAt">The last trade's time.</param>
/// <param name="DayVolume">The UTC day's volume.</param>
/// <param name="DayTrades">The UTC day's trade count.</param>
/// <param name="DayVwap">The UTC day's VWAP.</param>
public sealed record LatestAggregation(
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("time")] DateTime Time,
    [property: JsonPropertyName("partial")] bool Partial,
    [property: JsonPropertyName("open")] decimal Open,
    [property: JsonPropertyName("high")] decimal High,
    [property: JsonPropertyName("low")] decimal Low,
    [property: JsonPropertyName("close")] decimal Close,
    [property: JsonPropertyName("volume")] decimal Volume,
    [property: JsonPropertyName("trades")] long Trades,
    [property: JsonPropertyName("vwap")] decimal? Vwap,
    [property: JsonPropertyName("price")] decimal? Price,
    [property: JsonPropertyName("lastTradeAt")] DateTime? LastTradeAt,
    [property: JsonPropertyName("dayVolume")] decimal? DayVolume,
    [property: JsonPropertyName("dayTrades")] long? DayTrades,
    [property: JsonPropertyName("dayVwap")] decimal? DayVwap);

/// <summary>A symbol's last 1-minute aggregations, newest first (<c>GET /api/metrics/history</c>).</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Count">The number of bars.</param>
/// <param name="Bars">The bars, newest first.</param>
public sealed record AggregationHistory(
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("bars")] IReadOnlyList<ApiBar> Bars);

/// <summary>The server's state (<c>GET /api/metrics/status</c>).</summary>
/// <param name="Feed">The feed connection; null with <c>Feed:Kind=none</c>.</param>
/// <param name="Clients">Live client connections.</param>
/// <param name="Trades">Trade throughput.</param>
/// <param name="BadMessages">Bad input from the feed.</param>
/// <param name="StartedAt">When the API started.</param>
/// <param name="UptimeSeconds">Seconds since then.</param>
/// <param name="LastAggregation">When bars last changed.</param>
/// <param name="Cluster">In cluster mode, where the feed runs and how many silos report; null in one process.</param>
public sealed record ServerStatus(
    [property: JsonPropertyName("feed")] FeedConnectorStatus? Feed,
    [property: JsonPropertyName("clients")] ClientStatus Clients,
    [property: JsonPropertyName("trades")] TradeStatus Trades,
    [property: JsonPropertyName("badMessages")] BadMessageStatus BadMessages,
    [property: JsonPropertyName("startedAt")] DateTime StartedAt,
    [property: JsonPropertyName("uptimeSeconds")] double UptimeSeconds,
    [property: JsonPropertyName("lastAggregation")] AggregationStatus LastAggregation,
    [property: JsonPropertyName("cluster")] ClusterFeedStatus? Cluster = null);

/// <summary>The cluster's side of the status (cluster mode only).</summary>
/// <param name="IngestorNode">The silo running the elected ingestor, by its last report; null before any.</param>
/// <param name="IngestorReportedAt">When that report arrived (UTC): a report much older than a few seconds means
/// the leader has gone and another is being elected.</param>
/// <param name="Silos">The silos reporting now, each with the partitions it consumes.</param>
public sealed record ClusterFeedStatus(
    [property: JsonPropertyName("ingestorNode")] string? IngestorNode,
    [property: JsonPropertyName("ingestorReportedAt")] DateTime? IngestorReportedAt,
    [property: JsonPropertyName("silos")] IReadOnlyList<ClusterSiloStatus> Silos);

/// <summary>One silo of the cluster, by its last report.</summary>
/// <param name="Id">The silo's id (<c>Cluster:SiloId</c>).</param>
/// <param name="Partitions">The partitions it consumes, ascending.</param>
/// <param name="ReportedAt">When it reported (UTC).</param>
public sealed record ClusterSiloStatus(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("partitions")] IReadOnlyList<int> Partitions,
    [property: JsonPropertyName("reportedAt")] DateTime ReportedAt);

/// <summary>Live connections (SignalR hub and raw WebSocket).</summary>
/// <param name="Connections">Open now.</param>
/// <param name="MessagesSent">Messages delivered since start.</param>
/// <param name="Conflated">Quote updates merged into later ones since start.</param>
public sealed record ClientStatus(
    [property: JsonPropertyName("connections")] long Connections,
    [property: JsonPropertyName("messagesSent")] long MessagesSent,
    [property: JsonPropertyName("conflated")] long Conflated);

/// <summary>Trade throughput.</summary>
/// <param name="PerSecond">Trades published per second over the last few seconds.</param>
/// <param name="Published">Trades the ingestor passed on since start.</param>
/// <param name="Applied">Trades symbol grains applied since start.</param>
/// <param name="Duplicates">Trades dropped as already seen since start.</param>
public sealed record TradeStatus(
    [property: JsonPropertyName("perSecond")] double PerSecond,
    [property: JsonPropertyName("published")] long Published,
    [property: JsonPropertyName("applied")] long Applied,
    [property: JsonPropertyName("duplicates")] long Duplicates);

/// <summary>Bad input from the feed.</summary>
/// <param name="Total">Malformed messages plus rejected trades.</param>
/// <param name="Malformed">Messages the connector could not read.</param>
/// <param name="Rejected">Trades the ingestor refused, by reason.</param>
public sealed record BadMessageStatus(
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("malformed")] long Malformed,
    [property: JsonPropertyName("rejected")] IReadOnlyDictionary<string, long> Rejected);

/// <summary>When bars last changed.</summary>
/// <param name="LastTradeAt">When the last trade was passed to a symbol grain (its bar changed then).</param>
/// <param name="BarsWritten">Bar rows merged into storage since start.</param>
public sealed record AggregationStatus(
    [property: JsonPropertyName("lastTradeAt")] DateTime? LastTradeAt,
    [property: JsonPropertyName("barsWritten")] long BarsWritten);
