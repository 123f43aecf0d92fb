using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.SignalR;

namespace OrleansTicks.Api.Live.Hubs;

/// <summary>SignalR's default lifetime manager for <see cref="TicksHub"/> that also hands out a connection's
/// <see cref="HubConnectionContext"/>: the outbox writes pre-framed messages to it in batches, where
/// <c>IHubContext.Clients.Client(id).SendAsync</c> would look the connection up, build, serialize and flush every
/// message for every connection on its own.</summary>
internal sealed class TicksHubConnections(ILogger<DefaultHubLifetimeManager<TicksHub>> logger) : DefaultHubLifetimeManager<TicksHub>(logger)
{
    private readonly ConcurrentDictionary<string, HubConnectionContext> _connections = new(StringComparer.Ordinal);

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _connections[connection.ConnectionId] = connection;
        return base.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _connections.TryRemove(connection.ConnectionId, out _);
        return base.OnDisconnectedAsync(connection);
    }

    /// <summary>The open connection <paramref name="connectionId"/>; SignalR registers it before the hub's
    /// <c>OnConnectedAsync</c> runs.</summary>
    public bool TryGet(string connectionId, [MaybeNullWhen(false)] out HubConnectionContext connection) =>
        _connections.TryGetValue(connectionId, out connection);
}
