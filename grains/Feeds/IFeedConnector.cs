using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.GrainInterfaces.Symbols;

namespace OrleansTicks.Grains.Feeds;

/// <summary>A source of trades: the simulator, a CSV replay, or a vendor's live feed. The ingestor runs exactly one,
/// chosen by <c>Feed:Kind</c>, and publishes what it produces to the symbol grains.</summary>
public interface IFeedConnector
{
    /// <summary>The <c>Feed:Kind</c> name (<c>simulator</c>, <c>replay</c>, ...).</summary>
    string Kind { get; }

    /// <summary>Whether the feed produces mock data (the simulator): only then may symbols without history get
    /// generated history, since real or replayed data must never be mixed with mock data.</summary>
    bool IsSimulated { get; }

    /// <summary>Symbols the feed provides that the listed-symbol files may not know (a crypto pair, the replay
    /// symbol); the symbol directory adds them.</summary>
    IReadOnlyList<SymbolInfo> ProvidedSymbols { get; }

    /// <summary>Produces trades into <paramref name="sink"/> until <paramref name="cancellationToken"/> is cancelled
    /// or the feed ends (a replay does). A connector reuses its batch buffer once <see cref="ITradeSink.PublishAsync"/>
    /// has completed. Faults of the upstream are the connector's to survive (reconnect, report); an exception
    /// ends the feed and is logged by the ingestor.</summary>
    Task RunAsync(ITradeSink sink, CancellationToken cancellationToken);

    /// <summary>The connector's state for the status endpoint.</summary>
    FeedConnectorStatus GetStatus();
}
