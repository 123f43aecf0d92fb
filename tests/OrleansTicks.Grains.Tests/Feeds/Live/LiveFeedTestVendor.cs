using Microsoft.Extensions.Logging;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Feeds.Demand;
using OrleansTicks.Grains.Feeds.Live;
using OrleansTicks.TestKit.Feeds;

namespace OrleansTicks.Grains.Tests.Feeds.Live;

/// <summary>What a live connector plugs into <see cref="LiveFeedConformanceTests"/>: its fake server (a
/// <see cref="FakeWebSocketServer"/> speaking the vendor's wire format), how to build the connector against it, and
/// how the vendor writes a trade, a malformed message and an error. Dropping, closing, silence and held handshakes
/// are the base server's.</summary>
public abstract class LiveFeedTestVendor(FakeWebSocketServer server) : IAsyncDisposable
{
    /// <summary>The running fake server.</summary>
    public FakeWebSocketServer Server { get; } = server;

    /// <summary>At least three symbols the connector provides (ours, upper case), for trades and demand.</summary>
    public abstract IReadOnlyList<string> Symbols { get; }

    /// <summary>Messages that are each one malformed message to the connector (bad JSON, missing fields,
    /// non-numbers, wrong types, unknown event types, ...). None may be a vendor error.</summary>
    public abstract IReadOnlyList<string> MalformedMessages { get; }

    /// <summary>A message in which the vendor reports an error.</summary>
    public abstract string VendorErrorMessage { get; }

    /// <summary>The symbols the server's current connection is subscribed to (ours, upper case).</summary>
    public abstract IReadOnlySet<string> SubscribedUpstream { get; }

    /// <summary>Every subscribe (true) or unsubscribe (false) the server received, per connection, in order.</summary>
    public abstract IReadOnlyList<(int Connection, bool Subscribe, string Symbol)> SubscriptionRequests { get; }

    /// <summary>Builds the connector against <see cref="Server"/> (unless <paramref name="feed"/> names a
    /// <c>Feed:Url</c>) with <paramref name="feed"/> (its <c>Feed:Symbols</c>)
    /// and its connection settings changed by <paramref name="configure"/>.</summary>
    public abstract IFeedConnector CreateConnector(FeedOptions feed, Action<LiveFeedOptions> configure, IFeedDemand demand, TimeProvider clock, ILoggerFactory loggers);

    /// <summary>The message that carries <paramref name="trade"/> on the current connection.</summary>
    public abstract string EncodeTrade(Trade trade);

    /// <summary>The trade the connector makes of <paramref name="sent"/>, which a test expects: the same one, unless
    /// the vendor's wire format has no trade id and the connector derives one (Finnhub).</summary>
    public virtual Trade AsReceived(Trade sent) => sent;

    /// <summary><see cref="AsReceived(Trade)"/> of each of <paramref name="sent"/>.</summary>
    public List<Trade> AsReceived(IEnumerable<Trade> sent) => [.. sent.Select(AsReceived)];

    /// <summary>Sends the trades whose symbols the current connection is subscribed to, in order, as the vendor would;
    /// returns how many were sent.</summary>
    public virtual async Task<int> SendTradesAsync(IReadOnlyList<Trade> trades)
    {
        var connection = Server.Current ?? throw new InvalidOperationException("No connection to send on.");
        var subscribed = SubscribedUpstream;
        var sent = 0;
        foreach (var trade in trades)
        {
            if (subscribed.Contains(trade.Symbol))
            {
                await connection.SendTextAsync(EncodeTrade(trade));
                sent++;
            }
        }

        return sent;
    }

    /// <summary>Sends <paramref name="message"/> as it is on the current connection.</summary>
    public Task SendRawAsync(string message) =>
        (Server.Current ?? throw new InvalidOperationException("No connection to send on.")).SendTextAsync(message);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
