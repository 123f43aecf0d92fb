using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using OrleansTicks.Api.Contracts;
using OrleansTicks.Api.Rest;
using OrleansTicks.Api.Security.ApiKeys;
using OrleansTicks.GrainInterfaces.Regeneration;

namespace OrleansTicks.Api.Live.Hubs;

// Regenerate: starts a job whose end (success or failure) is pushed to this connection only, as regenerationCompleted.
internal sealed partial class TicksHub
{
    /// <summary>Starts regenerating a symbol's history; answers the job id. Its end reaches this connection as
    /// <c>regenerationCompleted</c>.</summary>
    /// <remarks>The request arrives as JSON and is read as <c>POST /api/regenerate</c>'s body is, so that a missing,
    /// mistyped or repeated field gets the same message here as there (SignalR's own binding would say only "an error
    /// on the server", and would take a missing seed as 0).</remarks>
    [Authorize(Policy = ApiKeyPolicies.Admin)] // with API keys on, regeneration needs an admin key
    public async Task<string> Regenerate(JsonElement request)
    {
        var session = Session();
        var body = RegenerateBodyReader.TryRead(request, out var problem)
            ?? throw new HubException($"The request is not valid: {problem} Valid: {RegenerateBodyReader.Shape}.");
        var symbol = SymbolSyntax.Normalize(body.Symbol)
            ?? throw new HubException($"symbol '{body.Symbol}' is not a symbol: {SymbolSyntax.Description}.");
        if (!directory.Contains(symbol))
        {
            throw new HubException($"'{symbol}' is not a known symbol; find symbols with GET /api/symbols?q=.");
        }

        var job = new RegenerationRequest(symbol, body.Period, body.Interval, body.Seed);
        var jobId = Guid.NewGuid().ToString("N");
        try
        {
            await grains.GetGrain<IRegenerationJobGrain>(jobId).StartAsync(job, session.RegenerationObserver);
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
