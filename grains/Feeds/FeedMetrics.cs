using System.Diagnostics.Metrics;

namespace OrleansTicks.Grains.Feeds;

/// <summary>The feed's instruments (meter <c>OrleansTicks.Feeds</c>): trades published and refused by reason, and the
/// connector's messages, bad messages, vendor errors and reconnects. All observable: they read the counters the ingestor and the connector keep
/// anyway, so the hot path pays nothing for them.</summary>
public sealed class FeedMetrics
{
    /// <summary>The meter's name, for exporters.</summary>
    public const string MeterName = "OrleansTicks.Feeds";

    private static readonly TradeRejection[] Reasons = Enum.GetValues<TradeRejection>();

    /// <summary>Creates the instruments over <paramref name="ingestor"/>'s counters and those of
    /// <see cref="Connector"/>.</summary>
    public FeedMetrics(IMeterFactory meterFactory, TradeIngestor ingestor)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(ingestor);
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableCounter("orleansticks.trades.published", () => ingestor.Published, "{trade}",
            "Trades the ingestor passed on to symbol grains.");
        meter.CreateObservableCounter("orleansticks.trades.rejected", () => Rejected(ingestor), "{trade}",
            "Trades the ingestor refused, by reason.");
        meter.CreateObservableCounter("orleansticks.feed.messages.received", () => Connector?.GetStatus().MessagesReceived ?? 0, "{message}",
            "Messages (or rows) the feed connector read from upstream.");
        meter.CreateObservableCounter("orleansticks.feed.messages.bad", () => Connector?.GetStatus().BadMessages ?? 0, "{message}",
            "Messages (or rows) the feed connector rejected as malformed.");
        meter.CreateObservableCounter("orleansticks.feed.vendor_errors", () => Connector?.GetStatus().VendorErrors ?? 0, "{message}",
            "Error messages the feed's vendor sent.");
        meter.CreateObservableCounter("orleansticks.feed.reconnects", () => Connector?.GetStatus().Reconnects ?? 0, "{connection}",
            "Connections a live feed lost (or replaced at its age limit) and reconnected.");
    }

    /// <summary>The running connector, once the ingestor has started one.</summary>
    internal IFeedConnector? Connector { get; set; }

    private static IEnumerable<Measurement<long>> Rejected(TradeIngestor ingestor)
    {
        foreach (var reason in Reasons)
        {
            yield return new Measurement<long>(ingestor.RejectedCount(reason), new KeyValuePair<string, object?>("reason", ToLabel(reason)));
        }
    }

    private static string ToLabel(TradeRejection reason) => reason switch
    {
        TradeRejection.BadPrice => "bad_price",
        TradeRejection.BadSize => "bad_size",
        TradeRejection.UnknownSymbol => "unknown_symbol",
        TradeRejection.BadTime => "bad_time",
        _ => reason.ToString(),
    };
}
