using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.Grains.Market;
using OrleansTicks.Runtime;
using OrleansTicks.Runtime.Cluster.Transport;

namespace OrleansTicks.Grains.Feeds.Status;

/// <summary>On a cluster silo: every <see cref="Interval"/> reports this silo's counters and partitions, and the feed's status while
/// this silo runs the elected ingestor, to the <see cref="IClusterStatusGrain"/>, so that any api node can answer
/// the status endpoint for the whole cluster.</summary>
public sealed partial class ClusterStatusReporter(
    IGrainFactory grains,
    FeedIngestorService feed,
    MarketMetrics market,
    IPartitionOwnership partitions,
    IOptions<ClusterOptions> cluster,
    TimeProvider clock,
    ILogger<ClusterStatusReporter> logger) : BackgroundService
{
    /// <summary>How often the reports go.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var silo = cluster.Value.SiloId!;
        var status = grains.GetGrain<IClusterStatusGrain>(IClusterStatusGrain.Key);
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var counters = new SiloCounters(market.TradesApplied, market.TradesDuplicate, market.BarsWritten);
                await status.ReportSiloAsync(silo, counters, partitions.OwnedPartitions).ConfigureAwait(false);
                if (feed.IsRunningFeed)
                {
                    await status.ReportIngestorAsync(silo, feed.GetStatus()).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
            {
                // The status grain's silo is moving or the broker is away: the next round reports again.
                LogReportFailed(exception.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(EventId = 4440, Level = LogLevel.Debug, Message = "Reporting to the cluster status grain failed ({Reason}); the next round tries again")]
    private partial void LogReportFailed(string reason);
}
