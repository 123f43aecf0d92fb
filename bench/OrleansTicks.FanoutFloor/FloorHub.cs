using Microsoft.AspNetCore.SignalR;

namespace OrleansTicks.FanoutFloor;

/// <summary>signalr mode: Subscribe joins a group per symbol; the pacer sends to the groups.</summary>
internal sealed class FloorHub : Hub
{
    public async Task<object> Subscribe(string[] symbols)
    {
        foreach (var symbol in symbols)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, symbol);
        }

        return new { accepted = Array.Empty<object>(), rejected = Array.Empty<object>() };
    }
}
