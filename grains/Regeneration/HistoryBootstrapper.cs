using OrleansTicks.GrainInterfaces.Regeneration;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Storage;
using OrleansTicks.Runtime;

namespace OrleansTicks.Grains.Regeneration;

/// <summary>With the simulated feed, a symbol with no stored bar from before the feed started gets five years of
/// generated history (<see cref="RegenerationRequest.AutoInterval"/>: daily bars, then 1-minute bars for the last
/// days) that ends where the feed began and at the price the symbol trades at, so history and live bars join. With a
/// real or replayed feed nothing is generated: their data must never be mixed with mock data. The job id is derived
/// from the symbol and the feed's start, so concurrent first uses share one job.</summary>
internal sealed class HistoryBootstrapper(FeedIngestorService feed, IBarStore store) : IHistoryBootstrapper
{
    public async Task<string?> EnsureHistoryAsync(string symbol, IGrainFactory grains, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (feed.Connector is not { IsSimulated: true })
        {
            return null;
        }

        var liveFrom = new DateTime(feed.StartedAt.Ticks - (feed.StartedAt.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);
        if (await store.HasBarsAsync(symbol, liveFrom, cancellationToken))
        {
            return null;
        }

        var jobId = $"history-{symbol}-{liveFrom:yyyyMMddHHmm}";
        var request = new RegenerationRequest(symbol, "5y", RegenerationRequest.AutoInterval, HistoryGenerator.SeedOf(symbol, 0, 0), liveFrom);
        await grains.GetGrain<IRegenerationJobGrain>(jobId).StartAsync(request, null);
        return jobId;
    }
}
