using Microsoft.AspNetCore.SignalR;

namespace OrleansTicks.Api.Live.Hubs;

/// <summary>Holds a connection's outbox while its Subscribe call runs, so that the live messages that follow a
/// snapshot queue behind the call and go out once SignalR has the answer in hand (see docs/LIVE.md on ordering).</summary>
internal sealed class SubscribeOrderFilter(HubSessions sessions) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        if (invocationContext.HubMethodName != nameof(TicksHub.Subscribe)
            || !sessions.TryGet(invocationContext.Context.ConnectionId, out var session))
        {
            return await next(invocationContext).ConfigureAwait(false);
        }

        session.Outbox.Hold();
        try
        {
            return await next(invocationContext).ConfigureAwait(false);
        }
        finally
        {
            session.Outbox.Release();
        }
    }
}
