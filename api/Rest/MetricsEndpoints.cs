using Microsoft.AspNetCore.Http.HttpResults;
using OrleansTicks.Api.Contracts;
using OrleansTicks.Api.Observability;
using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Market;
using OrleansTicks.Grains.Symbols;
using OrleansTicks.Runtime;

namespace OrleansTicks.Api.Rest;

/// <summary>The seed systems' metrics API under <c>/api/metrics</c>: answers wrapped as <c>{"success":true,"data":...}</c>.</summary>
internal static class MetricsEndpoints
{
    /// <summary>How far back <c>/api/metrics/history</c> looks.</summary>
    public static readonly TimeSpan HistorySpan = TimeSpan.FromDays(1);

    /// <summary>The most bars <c>/api/metrics/history</c> answers.</summary>
    public const int MaxHistory = 1_000;

    public static void Map(RouteGroupBuilder api)
    {
        var metrics = api.MapGroup("/metrics").WithTags("Metrics");
        metrics.MapGet("/latest", LatestAsync)
            .WithName("GetLatestAggregation")
            .WithSummary("A symbol's latest 1-minute aggregation (the live partial bar, else the last closed one) with its quote's statistics.")
            .WithDescription("404 with code no_trade_yet when the symbol has no bar in the last day.")
            .Produces<MetricsEnvelope<LatestAggregation>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        metrics.MapGet("/history", HistoryAsync)
            .WithName("GetAggregationHistory")
            .WithSummary("A symbol's last 1-minute aggregations of the last day, newest first.")
            .WithDescription("limit: 1..1000 (default 100).")
            .Produces<MetricsEnvelope<AggregationHistory>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        metrics.MapGet("/status", Status)
            .WithName("GetServerStatus")
            .WithSummary("Feed connection, client connections, trades per second, bad messages, uptime and the last aggregation.")
            .Produces<MetricsEnvelope<ServerStatus>>();
    }

    private static async Task<Ok<MetricsEnvelope<LatestAggregation>>> LatestAsync(
        string? symbol, SymbolDirectory directory, IGrainFactory grains, BarHistory history)
    {
        var name = RestQuery.Symbol(symbol, directory);
        var grain = grains.GetGrain<ISymbolGrain>(name);
        var snapshot = await grain.GetSnapshotAsync();
        var bar = snapshot.Bar;
        if (bar is null && await grain.GetRecentBarsAsync(history.Now - HistorySpan) is { Count: > 0 } recent)
        {
            bar = recent[^1];
        }

        if (bar is not { } b)
        {
            throw SymbolEndpoints.NoTradeYet(name);
        }

        var q = snapshot.Quote;
        return TypedResults.Ok(new MetricsEnvelope<LatestAggregation>(new LatestAggregation(
            name, b.Start, snapshot.Bar is not null, b.Open, b.High, b.Low, b.Close, b.Volume, b.Trades, b.Vwap,
            q?.Price, q?.Time, q?.Volume, q?.Trades, q?.Vwap)));
    }

    private static async Task<Ok<MetricsEnvelope<AggregationHistory>>> HistoryAsync(
        string? symbol, string? limit, SymbolDirectory directory, BarHistory history, CancellationToken cancellationToken)
    {
        var name = RestQuery.Symbol(symbol, directory);
        var keep = RestQuery.Int(limit, "limit", 1, MaxHistory, 100);
        var now = history.Now;
        var bars = await history.ReadMinutesAsync(name, BarInterval.OneMinute.StartOf(now - HistorySpan), BarInterval.OneMinute.Next(BarInterval.OneMinute.StartOf(now)), cancellationToken);
        var newestFirst = new List<ApiBar>(Math.Min(keep, bars.Count));
        for (var i = bars.Count - 1; i >= 0 && newestFirst.Count < keep; i--)
        {
            newestFirst.Add(ApiBar.From(bars[i]));
        }

        return TypedResults.Ok(new MetricsEnvelope<AggregationHistory>(new AggregationHistory(name, newestFirst.Count, newestFirst)));
    }

    private static async Task<Ok<MetricsEnvelope<ServerStatus>>> Status(FeedIngestorService feed, MarketMetrics market, ApiMetrics clients, ApiUptime uptime, IGrainFactory grains)
    {
        IngestorStatus status;
        SiloCounters counters;
        ClusterFeedStatus? clusterStatus = null;
        if (feed.Placement == FeedIngestorPlacement.Local)
        {
            status = feed.GetStatus();
            counters = new SiloCounters(market.TradesApplied, market.TradesDuplicate, market.BarsWritten);
        }
        else
        {
            // A cluster: the feed runs on whichever silo is elected, the grains on every silo; they report to one grain.
            var cluster = await grains.GetGrain<IClusterStatusGrain>(IClusterStatusGrain.Key).GetAsync().ConfigureAwait(false);
            status = cluster.Ingestor ?? new IngestorStatus(null, 0, 0, new Dictionary<string, long>(), null);
            counters = cluster.Totals;
            clusterStatus = new ClusterFeedStatus(cluster.IngestorSilo, cluster.IngestorReportedAt,
                [.. cluster.Silos.Select(static s => new ClusterSiloStatus(s.SiloId, s.Partitions, s.ReportedAt))]);
        }

        var malformed = status.Feed?.BadMessages ?? 0;
        return TypedResults.Ok(new MetricsEnvelope<ServerStatus>(new ServerStatus(
            status.Feed,
            new ClientStatus(clients.Connections, clients.MessagesSent, clients.Conflated),
            new TradeStatus(status.TradesPerSecond, status.TradesPublished, counters.TradesApplied, counters.TradesDuplicate),
            new BadMessageStatus(malformed + status.Rejected.Values.Sum(), malformed, status.Rejected),
            uptime.StartedAt,
            uptime.Uptime.TotalSeconds,
            new AggregationStatus(status.LastTradeAt, counters.BarsWritten),
            clusterStatus)));
    }
}
