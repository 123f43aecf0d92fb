using System.Text.Json.Serialization;

namespace OrleansTicks.GrainInterfaces.Feeds;

/// <summary>Whether a connector has its upstream.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeedConnectionState>))]
public enum FeedConnectionState
{
    /// <summary>Not started yet.</summary>
    Idle,

    /// <summary>Connecting (or reconnecting after a fault).</summary>
    Connecting,

    /// <summary>Receiving.</summary>
    Connected,

    /// <summary>The feed ended (a replay reached the end of its file).</summary>
    Completed,

    /// <summary>The connector stopped on an error it cannot recover from.</summary>
    Faulted,
}

/// <summary>A connector's own view of its feed, for the status endpoint.</summary>
/// <param name="Kind">The connector's <c>Feed:Kind</c>.</param>
/// <param name="State">Connection state.</param>
/// <param name="Source">What it reads: a URL, a file, or the simulator's seed.</param>
/// <param name="MessagesReceived">Messages (or rows) read from upstream.</param>
/// <param name="BadMessages">Messages (or rows) rejected as malformed, each logged.</param>
/// <param name="LastMessageAt">When the last message arrived (UTC), if any.</param>
/// <param name="LastError">The last fault, if any.</param>
/// <param name="Reconnects">Connections a live connector lost (or replaced) and reconnected.</param>
/// <param name="SubscribedSymbols">Symbols a live connector is subscribed to upstream on its current connection.</param>
/// <param name="ConnectedSince">When a live connector's current connection opened (UTC); null while not connected.</param>
/// <param name="VendorErrors">Error messages the vendor sent (each logged, rate-limited).</param>
public sealed record FeedConnectorStatus(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("state")] FeedConnectionState State,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("messagesReceived")] long MessagesReceived,
    [property: JsonPropertyName("badMessages")] long BadMessages,
    [property: JsonPropertyName("lastMessageAt")] DateTime? LastMessageAt,
    [property: JsonPropertyName("lastError")] string? LastError,
    [property: JsonPropertyName("reconnects")] long Reconnects = 0,
    [property: JsonPropertyName("subscribedSymbols")] int SubscribedSymbols = 0,
    [property: JsonPropertyName("connectedSince")] DateTime? ConnectedSince = null,
    [property: JsonPropertyName("vendorErrors")] long VendorErrors = 0);
