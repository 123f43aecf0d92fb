using Microsoft.AspNetCore.Http.HttpResults;
using OrleansTicks.Api.Contracts;
using OrleansTicks.Api.Security.ApiKeys;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.GrainInterfaces.Regeneration;
using OrleansTicks.Grains.Regeneration;
using OrleansTicks.Grains.Symbols;
using OrleansTicks.Runtime;

namespace OrleansTicks.Api.Rest;

/// <summary><c>POST /api/regenerate</c> queues a job that replaces a symbol's history with generated bars;
/// <c>GET /api/regenerate/{jobId}</c> follows it. The body is read here, not bound by the framework, so every way it
/// can be wrong gets a problem answer that says how.</summary>
internal static class RegenerationEndpoints
{
    /// <summary>The largest body accepted: a request is a few dozen bytes.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    private const int MaxJobIdLength = 128;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/regenerate", StartAsync)
            .RequireAuthorization(ApiKeyPolicies.Admin) // with API keys on: an admin key; without: open
            .WithName("StartRegeneration")
            .WithTags("Regeneration")
            .WithSummary("Queues a job that replaces a symbol's history over a period with generated bars.")
            .WithDescription("Body: " + RegenerateBodyReader.Shape + ". Answers 202 with the job id and a Location to poll. "
                + "400 for a body that is not JSON or has wrong or missing fields, 413 above 16 KiB, 415 when not application/json.")
            .WithMetadata(new JsonBodyMetadata(typeof(RegenerateBody)))
            .Produces<RegenerationAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        api.MapGet("/regenerate/{jobId}", StatusAsync)
            .WithName("GetRegeneration")
            .WithTags("Regeneration")
            .WithSummary("A regeneration job's status, progress, bar count, error and times.")
            .Produces<RegenerationJob>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Accepted<RegenerationAccepted>> StartAsync(
        HttpRequest request, SymbolDirectory directory, IGrainFactory grains, BarHistory history, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        var symbol = RestQuery.Symbol(body.Symbol, directory);
        var regeneration = new RegenerationRequest(symbol, body.Period.ToLowerInvariant(), body.Interval, body.Seed);
        var jobId = Guid.NewGuid().ToString("N");
        try
        {
            _ = HistoryPlan.For(regeneration, history.Now); // the grain checks again; checking here keeps bad input off the silo
            await grains.GetGrain<IRegenerationJobGrain>(jobId).StartAsync(regeneration, null);
        }
        catch (ArgumentException error)
        {
            throw RestProblem.Body(StatusCodes.Status400BadRequest, "Invalid regeneration request", error.Message.Split(" (Parameter")[0],
                new Dictionary<string, object?>
                {
                    ["period"] = HistoryPeriod.All.Select(p => p.Name),
                    ["interval"] = BarInterval.All.Select(i => i.Name).Append(RegenerationRequest.AutoInterval),
                    ["maxBars"] = HistoryPlan.MaxBars,
                });
        }

        RestLog.RegenerationQueued(loggers.CreateLogger(typeof(RegenerationEndpoints)), jobId, symbol, regeneration.Period, regeneration.Interval, regeneration.Seed);
        return TypedResults.Accepted($"/api/regenerate/{jobId}", new RegenerationAccepted(jobId, RegenerationJob.StateName(RegenerationState.Queued)));
    }

    private static async Task<Ok<RegenerationJob>> StatusAsync(string jobId, IGrainFactory grains)
    {
        if (jobId.Length > MaxJobIdLength || !jobId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw RestProblem.BadParameter("jobId", $"'{RestProblem.Shorten(jobId)}' is not a job id.",
                $"the jobId a POST /api/regenerate answered: up to {MaxJobIdLength} letters, digits, '-', '_' or '.'");
        }

        return await grains.GetGrain<IRegenerationJobGrain>(jobId).GetStatusAsync() is { } status
            ? TypedResults.Ok(RegenerationJob.Of(status))
            : throw RestProblem.NotFound("Unknown job", $"No regeneration job '{jobId}' exists.", "unknown_job");
    }

    private static async Task<RegenerateBody> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            throw RestProblem.Body(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"The body must be JSON with Content-Type application/json, not '{RestProblem.Shorten(request.ContentType ?? "(none)")}'.", RegenerateBodyReader.Shape);
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            throw TooLarge();
        }

        var buffer = new byte[MaxBodyBytes + 1];
        var length = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
            if (length > MaxBodyBytes)
            {
                throw TooLarge(); // a chunked body without a length that keeps coming
            }
        }

        return RegenerateBodyReader.TryRead(buffer.AsMemory(0, length), out var problem)
            ?? throw RestProblem.Body(StatusCodes.Status400BadRequest, "Invalid body", $"The body is not a valid request: {problem}", RegenerateBodyReader.Shape);
    }

    private static RestProblemException TooLarge() =>
        RestProblem.Body(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body is larger than {MaxBodyBytes:N0} bytes.", RegenerateBodyReader.Shape);
}
