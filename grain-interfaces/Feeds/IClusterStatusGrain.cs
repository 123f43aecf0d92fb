using OrleansTicks.Runtime;

namespace OrleansTicks.GrainInterfaces.Feeds;

/// <summary>What a cluster knows of its feed and ingestion, for the status endpoint of any api node (one grain, key
/// <see cref="Key"/>): the silo running the elected ingestor reports the feed's status, every silo its own counters,
/// each every few seconds. Kept in memory: a new activation knows everything again after one round of reports.</summary>
public interface IClusterStatusGrain : IGrainWithStringKey
{
    /// <summary>The one grain's key.</summary>
    const string Key = "cluster";

    /// <summary>The elected ingestor on <paramref name="siloId"/> reports its status.</summary>
    Task ReportIngestorAsync(string siloId, IngestorStatus status);

    /// <summary><paramref name="siloId"/> reports its counters since it started.</summary>
    Task ReportSiloAsync(string siloId, SiloCounters counters);

    /// <summary>The latest reports.</summary>
    Task<ClusterStatus> GetAsync();
}

/// <summary>One silo's market counters since it started.</summary>
/// <param name="TradesApplied">Trades its symbol grains applied to bars.</param>
/// <param name="TradesDuplicate">Trades they recognised as seen before and skipped.</param>
/// <param name="BarsWritten">Bars its write-behind wrote.</param>
public sealed record SiloCounters(long TradesApplied, long TradesDuplicate, long BarsWritten);

/// <summary>The cluster's view of its feed.</summary>
/// <param name="Ingestor">The elected ingestor's last report; null before any.</param>
/// <param name="IngestorSilo">The silo that sent it.</param>
/// <param name="IngestorReportedAt">When it was received (UTC).</param>
/// <param name="Totals">The silos' counters summed (a silo that stopped keeps its last report).</param>
/// <param name="Silos">How many silos have reported.</param>
public sealed record ClusterStatus(IngestorStatus? Ingestor, string? IngestorSilo, DateTime? IngestorReportedAt, SiloCounters Totals, int Silos);
