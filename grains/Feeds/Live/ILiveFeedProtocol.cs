namespace OrleansTicks.Grains.Feeds.Live;

/// <summary>What a vendor adds to the <see cref="LiveFeedRunner"/>: where to connect, how to ask for symbols, and
/// how to read a message. The runner owns the socket, the reconnects, the demand diff, the batches and the
/// counters; the protocol owns the wire format. Called from one connection at a time, never concurrently with
/// itself except <see cref="SendSubscriptionAsync"/> (from the demand loop) alongside <see cref="Parse"/> (from the
/// receive loop).</summary>
public interface ILiveFeedProtocol
{
    /// <summary>The <c>Feed:Kind</c> name, for logs and the status.</summary>
    string Kind { get; }

    /// <summary>The address to connect to, token included.</summary>
    Uri ConnectUri { get; }

    /// <summary>The address as shown in the status and logs: without the token.</summary>
    string Source { get; }

    /// <summary>A new connection is open: forget what belonged to the previous one (pending request ids, ...).</summary>
    void OnConnected();

    /// <summary>Asks upstream for the trades of <paramref name="symbols"/> (our upper-case names), or to stop them when
    /// <paramref name="subscribe"/> is false, with as many <see cref="ILiveFeedChannel.SendTextAsync"/> calls as the
    /// vendor needs. An exception drops the connection (it is reconnected).</summary>
    ValueTask SendSubscriptionAsync(ILiveFeedChannel channel, IReadOnlyList<string> symbols, bool subscribe, CancellationToken cancellationToken);

    /// <summary>Reads one whole text message: appends its trades to <paramref name="trades"/> and says what it was. Must
    /// not throw: a malformed message is <see cref="LiveMessage.Bad"/>. Hot path: allocate nothing per trade.</summary>
    LiveMessage Parse(ReadOnlySpan<byte> message, LiveTradeBatch trades);
}
