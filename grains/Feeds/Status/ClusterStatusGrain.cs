using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.Runtime;

namespace OrleansTicks.Grains.Feeds.Status;

/// <summary>Keeps the latest status reports of a cluster (see <see cref="IClusterStatusGrain"/>). The ingestor's
/// report is replaced by each newer one, whichever silo sends it: after a leader change the new leader's report wins.
/// Silos that stop reporting drop out of the list, but their counters stay in the totals.</summary>
public sealed class ClusterStatusGrain(TimeProvider clock) : Grain, IClusterStatusGrain
{
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(SiloReport.StaleAfterSeconds);
    private readonly Dictionary<string, (SiloCounters Counters, SiloReport Report)> _silos = new(StringComparer.Ordinal);
    private (IngestorStatus Status, string Silo, DateTime At)? _ingestor;

    public Task ReportIngestorAsync(string siloId, IngestorStatus status)
    {
        ArgumentException.ThrowIfNullOrEmpty(siloId);
        ArgumentNullException.ThrowIfNull(status);
        _ingestor = (status, siloId, clock.GetUtcNow().UtcDateTime);
        return Task.CompletedTask;
    }

    public Task ReportSiloAsync(string siloId, SiloCounters counters, IReadOnlyList<int> partitions)
    {
        ArgumentException.ThrowIfNullOrEmpty(siloId);
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(partitions);
        _silos[siloId] = (counters, new SiloReport(siloId, [.. partitions.Order()], clock.GetUtcNow().UtcDateTime));
        return Task.CompletedTask;
    }

    public Task<ClusterStatus> GetAsync()
    {
        long applied = 0, duplicate = 0, written = 0;
        var live = new List<SiloReport>();
        var freshAfter = clock.GetUtcNow().UtcDateTime - StaleAfter;
        foreach (var (counters, report) in _silos.Values)
        {
            applied += counters.TradesApplied;
            duplicate += counters.TradesDuplicate;
            written += counters.BarsWritten;
            if (report.ReportedAt >= freshAfter)
            {
                live.Add(report);
            }
        }

        live.Sort(static (a, b) => string.CompareOrdinal(a.SiloId, b.SiloId));
        return Task.FromResult(new ClusterStatus(_ingestor?.Status, _ingestor?.Silo, _ingestor?.At, new SiloCounters(applied, duplicate, written), live));
    }
}
