using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.Runtime;

namespace OrleansTicks.Grains.Feeds.Status;

/// <summary>Keeps the latest status reports of a cluster (see <see cref="IClusterStatusGrain"/>). The ingestor's
/// report is replaced by each newer one, whichever silo sends it: after a leader change the new leader's report wins.</summary>
public sealed class ClusterStatusGrain(TimeProvider clock) : Grain, IClusterStatusGrain
{
    private readonly Dictionary<string, SiloCounters> _silos = new(StringComparer.Ordinal);
    private (IngestorStatus Status, string Silo, DateTime At)? _ingestor;

    public Task ReportIngestorAsync(string siloId, IngestorStatus status)
    {
        ArgumentException.ThrowIfNullOrEmpty(siloId);
        ArgumentNullException.ThrowIfNull(status);
        _ingestor = (status, siloId, clock.GetUtcNow().UtcDateTime);
        return Task.CompletedTask;
    }

    public Task ReportSiloAsync(string siloId, SiloCounters counters)
    {
        ArgumentException.ThrowIfNullOrEmpty(siloId);
        ArgumentNullException.ThrowIfNull(counters);
        _silos[siloId] = counters;
        return Task.CompletedTask;
    }

    public Task<ClusterStatus> GetAsync()
    {
        long applied = 0, duplicate = 0, written = 0;
        foreach (var counters in _silos.Values)
        {
            applied += counters.TradesApplied;
            duplicate += counters.TradesDuplicate;
            written += counters.BarsWritten;
        }

        return Task.FromResult(new ClusterStatus(_ingestor?.Status, _ingestor?.Silo, _ingestor?.At, new SiloCounters(applied, duplicate, written), _silos.Count));
    }
}
