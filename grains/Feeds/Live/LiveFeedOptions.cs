namespace OrleansTicks.Grains.Feeds.Live;

/// <summary>The connection settings every live websocket connector shares. A vendor's options derive from it, so
/// they are bound from the vendor's own section (<c>Feed:Binance:StallTimeout</c>, ...) and checked by
/// <see cref="LiveFeedOptionsChecks"/>; a vendor may change the defaults in its constructor.</summary>
public class LiveFeedOptions
{
    /// <summary>How long the websocket handshake may take before the attempt counts as failed.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A connection that receives no message for this long is dropped and reconnected: a server that went
    /// silent. Any message counts (trades, answers, vendor pings); 0 turns the check off.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How often the client pings the server at the websocket level (0 = never).</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long the client waits for the pong of its ping before it drops the connection (0 = it does not
    /// wait: unsolicited pongs only).</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The first delay before a reconnect; it doubles with each failed attempt.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between reconnect attempts.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A connection that lasted this long was healthy: the next reconnect starts over at
    /// <see cref="ReconnectMinDelay"/>.</summary>
    public TimeSpan HealthyAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A connection is replaced by a fresh one when it is this old (vendors close connections after a fixed
    /// age, Binance after 24 hours); 0 = no limit.</summary>
    public TimeSpan MaxConnectionAge { get; set; } = TimeSpan.Zero;

    /// <summary>The least time between two messages sent upstream (vendors limit the rate of subscribe
    /// messages); 0 = no pacing.</summary>
    public TimeSpan MinSendInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Trades per <c>PublishAsync</c> at most while messages keep arriving; a batch is also published as soon
    /// as no more received data is waiting.</summary>
    public int BatchSize { get; set; } = 1_024;

    /// <summary>The largest message accepted, in bytes; a longer one is skipped as bad.</summary>
    public int MaxMessageBytes { get; set; } = 1 << 20;
}
