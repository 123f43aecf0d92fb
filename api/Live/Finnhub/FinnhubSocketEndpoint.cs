using Microsoft.Extensions.Options;
using OrleansTicks.Api.Live.Bridge;
using OrleansTicks.Api.Observability;
using OrleansTicks.Grains.Symbols;

namespace OrleansTicks.Api.Live.Finnhub;

/// <summary>The endpoint <c>/ws</c>: accepts WebSocket connections that speak Finnhub's trade protocol, so that an
/// existing Finnhub client can point at this server unchanged. Any other request gets a 400 problem.</summary>
internal static class FinnhubSocketEndpoint
{
    public static async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "WebSocket required",
                detail: "/ws takes WebSocket connections speaking Finnhub's trade protocol: send {\"type\":\"subscribe\",\"symbol\":\"AAPL\"}.")
                .ExecuteAsync(context);
            return;
        }

        var services = context.RequestServices;
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var session = new FinnhubSocketSession(
            socket,
            services.GetRequiredService<SymbolWatchBridge>(),
            services.GetRequiredService<SymbolDirectory>(),
            services.GetRequiredService<IOptions<LiveOptions>>().Value,
            services.GetRequiredService<ApiMetrics>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FinnhubSocketSession)));
        await session.RunAsync(context.RequestAborted);
    }
}
