using System.Diagnostics.Metrics;

namespace OrleansTicks.Api.Observability;

/// <summary>The front end's instruments (meter <c>OrleansTicks.Api</c>): live connections, messages delivered to
/// them and updates merged away by conflation. The live endpoints report here; /api/metrics/status and /metrics read
/// here.</summary>
public sealed class ApiMetrics : IDisposable
{
    /// <summary>The meter's name, for exporters.</summary>
    public const string MeterName = "OrleansTicks.Api";

    private readonly Meter _meter;
    private readonly Counter<long> _messagesSent;
    private readonly Counter<long> _conflated;
    private readonly Counter<long> _slowClientsDropped;
    private long _connections;
    private long _messagesSentTotal;
    private long _conflatedTotal;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public ApiMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableUpDownCounter("orleansticks.hub.connections", () => Volatile.Read(ref _connections), "{connection}",
            "Open live connections (SignalR hub and raw WebSocket).");
        _messagesSent = _meter.CreateCounter<long>("orleansticks.hub.messages.sent", "{message}", "Quote and bar messages delivered to live connections.");
        _conflated = _meter.CreateCounter<long>("orleansticks.hub.updates.conflated", "{update}",
            "Quote updates merged into a later one by conflation instead of being sent.");
        _slowClientsDropped = _meter.CreateCounter<long>("orleansticks.hub.slow_clients.aborted", "{connection}",
            "Connections closed because they stopped reading and their outbox filled.");
    }

    /// <summary>Open live connections now.</summary>
    public long Connections => Volatile.Read(ref _connections);

    /// <summary>Messages delivered to live connections since start.</summary>
    public long MessagesSent => Volatile.Read(ref _messagesSentTotal);

    /// <summary>Updates conflated away since start.</summary>
    public long Conflated => Volatile.Read(ref _conflatedTotal);

    /// <summary>A live connection opened.</summary>
    public void OnConnected() => Interlocked.Increment(ref _connections);

    /// <summary>A live connection closed.</summary>
    public void OnDisconnected() => Interlocked.Decrement(ref _connections);

    /// <summary><paramref name="count"/> messages went out to a connection.</summary>
    public void OnSent(int count)
    {
        Interlocked.Add(ref _messagesSentTotal, count);
        _messagesSent.Add(count);
    }

    /// <summary><paramref name="count"/> updates were merged into later ones.</summary>
    public void OnConflated(int count)
    {
        Interlocked.Add(ref _conflatedTotal, count);
        _conflated.Add(count);
    }

    /// <summary>A connection that stopped reading was closed.</summary>
    public void OnSlowClientAborted() => _slowClientsDropped.Add(1);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
