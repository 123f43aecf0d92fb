using OrleansTicks.Grains.Feeds.Demand;

namespace OrleansTicks.Grains.Feeds.Live;

/// <summary>The part of a demand a vendor can serve: a client may watch any symbol the directory knows (a stock
/// while the feed is Binance), but subscribing upstream to what the vendor does not carry only uses up its
/// per-connection limits. Versions are the inner demand's, so waiting works unchanged.</summary>
public sealed class FilteredFeedDemand(IFeedDemand inner, Func<string, bool> serves) : IFeedDemand
{
    public FeedDemandSnapshot Current
    {
        get
        {
            var current = inner.Current;
            var kept = new HashSet<string>(StringComparer.Ordinal);
            foreach (var symbol in current.Symbols)
            {
                if (serves(symbol))
                {
                    kept.Add(symbol);
                }
            }

            return new FeedDemandSnapshot(current.Version, kept);
        }
    }

    public Task WaitForChangeAsync(long version, CancellationToken cancellationToken = default) => inner.WaitForChangeAsync(version, cancellationToken);
}
