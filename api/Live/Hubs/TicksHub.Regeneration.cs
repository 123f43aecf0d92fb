using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using OrleansTicks.Api.Contracts;
using OrleansTicks.Api.Security.ApiKeys;
using OrleansTicks.GrainInterfaces.Regeneration;

namespace OrleansTicks.Api.Live.Hubs;

// Regenerate: starts a job whose end (success or failure) is pushed to this connection only, as regenerationCompleted.
internal sealed partial class TicksHub
{
    /// <summary>Starts regenerating a symbol's history; answers the job id. Its end reaches this connection as
    /// <c>regenerationCompleted</c>.</summary>
    [Authorize(Policy = ApiKeyPolicies.Admin)] // with API keys on, regeneration needs an admin key
    public async Task<string> Regenerate(RegenerationRequest? request)
    {
        var session = Session();
        if (request is null)
        {
            throw new HubException("The request must be an object {symbol, period, interval, seed}.");
        }

        var symbol = SymbolSyntax.Normalize(request.Symbol)
            ?? throw new HubException($"symbol '{request.Symbol}' is not a symbol: {SymbolSyntax.Description}.");
        if (!directory.Contains(symbol))
        {
            throw new HubException($"'{symbol}' is not a known symbol; find symbols with GET /api/symbols?q=.");
        }

        if (string.IsNullOrWhiteSpace(request.Period) || string.IsNullOrWhiteSpace(request.Interval))
        {
            throw new HubException("period and interval are required (e.g. period \"5d\", interval \"5m\").");
        }

        var jobId = Guid.NewGuid().ToString("N");
        try
        {
            await grains.GetGrain<IRegenerationJobGrain>(jobId).StartAsync(request with { Symbol = symbol }, session.RegenerationObserver);
        }
        catch (ArgumentException exception)
        {
            throw new HubException(exception.Message);
        }

        LogRegenerationRequested(Context.ConnectionId, jobId, symbol);
        return jobId;
    }

    [LoggerMessage(EventId = LiveLog.RegenerationRequested, Level = LogLevel.Information,
        Message = "Hub connection {ConnectionId} started regeneration {JobId} of {Symbol}")]
    private partial void LogRegenerationRequested(string connectionId, string jobId, string symbol);
}
