using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace OrleansTicks.Api.Live.Hubs;

/// <summary>The open hub connections of this node, by connection id (hub instances live for one call only).</summary>
internal sealed class HubSessions
{
    private readonly ConcurrentDictionary<string, HubSession> _sessions = new(StringComparer.Ordinal);

    public void Add(string connectionId, HubSession session) => _sessions[connectionId] = session;

    public bool TryGet(string connectionId, [MaybeNullWhen(false)] out HubSession session) =>
        _sessions.TryGetValue(connectionId, out session);

    public bool TryRemove(string connectionId, [MaybeNullWhen(false)] out HubSession session) =>
        _sessions.TryRemove(connectionId, out session);
}
