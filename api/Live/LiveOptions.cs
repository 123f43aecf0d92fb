using System.ComponentModel.DataAnnotations;

namespace OrleansTicks.Api.Live;

/// <summary>Settings of the live endpoints, the SignalR hub <c>/hubs/ticks</c> and the Finnhub-protocol <c>/ws</c>
/// (section <c>Hub</c>).</summary>
public sealed class LiveOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Hub";

    /// <summary>Quote messages per symbol and second at most; 0 forwards every update (no conflation). The conflation
    /// window is <c>1 s / MaxQuotesPerSecond</c> but at least 5 ms, so values above 200 send at most 200.</summary>
    [Range(0, 1_000, ErrorMessage = "Hub:MaxQuotesPerSecond must be between {1} and {2}.")]
    public int MaxQuotesPerSecond { get; set; } = 10;

    /// <summary>Symbols one connection may watch at once.</summary>
    [Range(1, 10_000, ErrorMessage = "Hub:MaxSymbolsPerConnection must be between {1} and {2}.")]
    public int MaxSymbolsPerConnection { get; set; } = 200;

    /// <summary>Symbols one Subscribe or Unsubscribe call may name: a longer array is refused whole.</summary>
    [Range(1, 100_000, ErrorMessage = "Hub:MaxSymbolsPerCall must be between {1} and {2}.")]
    public int MaxSymbolsPerCall { get; set; } = 1_000;

    /// <summary>Messages waiting for one connection at most; a connection whose outbox exceeds it has stopped reading
    /// and is closed, so that it cannot grow the server's memory.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Hub:MaxPendingMessages must be between {1} and {2}.")]
    public int MaxPendingMessages { get; set; } = 10_000;

    /// <summary>This front-end node's name in the symbol grains' subscriber counts; empty for <c>Cluster:SiloId</c> in
    /// a cluster, else machine name and process id. Must be unique among the nodes of a cluster.</summary>
    public string NodeId { get; set; } = "";

    /// <summary>How often each watched symbol's observer is renewed (and its subscriber count re-announced); must be
    /// well inside <c>Market:SubscriptionExpiry</c>. It is also how soon a symbol whose grain was lost (its silo
    /// crashed, and the grain came back elsewhere without this node's observer) is observed again: 5 s costs one call
    /// per watched symbol every 5 s (100 calls/s for 500 symbols), and bounds that gap.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:30:00", ErrorMessage = "Hub:RenewInterval must be between {1} and {2}.")]
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a symbol no client watches any more keeps its observer, so that a client that leaves and
    /// comes back at once does not make the node unsubscribe and subscribe again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Hub:UnwatchGrace must be between {1} and {2}.")]
    public TimeSpan UnwatchGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the Finnhub-protocol endpoint <c>/ws</c> sends <c>{"type":"ping"}</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "Hub:WebSocketPingInterval must be between {1} and {2}.")]
    public TimeSpan WebSocketPingInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The node id in use: <see cref="NodeId"/>, or machine name and process id.</summary>
    public string EffectiveNodeId => string.IsNullOrWhiteSpace(NodeId) ? $"{Environment.MachineName}-{Environment.ProcessId}" : NodeId;
}
