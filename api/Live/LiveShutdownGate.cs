namespace OrleansTicks.Api.Live;

/// <summary>Refuses new live connections (<c>/hubs/ticks</c>, <c>/ws</c>) once the node is stopping: SignalR closes
/// the connections open when shutdown begins, but a client that reconnects at once (SignalR's default first retry)
/// could still open a new one over a kept-alive HTTP connection, and that one would hold shutdown up until the host's
/// timeout. A 503 with <c>Connection: close</c> sends it to another node, or back after the restart.</summary>
internal sealed class LiveShutdownGate(RequestDelegate next, IHostApplicationLifetime lifetime)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!lifetime.ApplicationStopping.IsCancellationRequested || !IsLive(context.Request.Path))
        {
            return next(context);
        }

        context.Response.Headers.Connection = "close";
        context.Response.Headers.RetryAfter = "1";
        return TypedResults.Problem(
            title: "Shutting down",
            detail: "This node is stopping and takes no new live connections; connect again in a moment (to another node, or to this one after its restart).",
            statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
    }

    private static bool IsLive(PathString path) =>
        path.StartsWithSegments(LiveEndpointExtensions.HubPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(LiveEndpointExtensions.WebSocketPath, StringComparison.OrdinalIgnoreCase);
}
