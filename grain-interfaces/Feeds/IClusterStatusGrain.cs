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

    /// <summary><paramref name="siloId"/> reports its counters since it started and the partitions it consumes now.</summary>
    Task ReportSiloAsync(string siloId, SiloCounters counters, IReadOnlyList<int> partitions);

    /// <summary>The latest reports.</summary>
    Task<ClusterStatus> GetAsync();
}

/// <summary>One silo's market counters since it started.</summary>
/// <param name="TradesApplied">Trades its symbol grains applied to bars.</param>
/// <param name="TradesDuplicate">Trades they recognised as seen before and skipped.</param>
/// <param name="BarsWritten">Delta bars its checkpoints committed.</param>
public sealed record SiloCounters(long TradesApplied, long TradesDuplicate, long BarsWritten);

/// <summary>The cluster's view of its feed.</summary>
/// <param name="Ingestor">The elected ingestor's last report; null before any.</param>
/// <param name="IngestorSilo">The silo that sent it.</param>
/// <param name="IngestorReportedAt">When it was received (UTC).</param>
/// <param name="Totals">The silos' counters summed, those of silos that have stopped reporting included.</param>
/// <param name="Silos">The silos that reported within the last <see cref="SiloReport.StaleAfterSeconds"/> seconds, by id.</param>
public sealed record ClusterStatus(IngestorStatus? Ingestor, string? IngestorSilo, DateTime? IngestorReportedAt, SiloCounters Totals, IReadOnlyList<SiloReport> Silos);

/// <summary>A silo's last report.</summary>
/// <param name="SiloId">The silo.</param>
/// <param name="Partitions">The partitions it consumed then, ascending.</param>
/// <param name="ReportedAt">When the report arrived (UTC).</param>
public sealed record SiloReport(string SiloId, IReadOnlyList<int> Partitions, DateTime ReportedAt)
{
    /// <summary>A silo silent this long (several report intervals) is left out of <see cref="ClusterStatus.Silos"/>.</summary>
    public const int StaleAfterSeconds = 8;
}
