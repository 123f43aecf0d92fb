using Microsoft.AspNetCore.Http.HttpResults;
using OrleansTicks.Grains.Analytics;
using OrleansTicks.Grains.Symbols;

namespace OrleansTicks.Api.Rest;

/// <summary><c>GET /api/analytics/{symbol}</c>: the market-domain analytics (docs/ANALYTICS.md) of the bars of a
/// window that ends now.</summary>
internal static class AnalyticsEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/analytics/{symbol}", AnalyzeAsync)
            .WithName("GetAnalytics")
            .WithTags("Analytics")
            .WithSummary("Volume, VWAP, volatility, trend, SMA, EMA and Bollinger bands of a window that ends now.")
            .WithDescription("window: a period name, 1d 5d 1mo 3mo 6mo ytd 1y 2y 5y 10y max (default 1d); interval: as /api/search, "
                + "default the window's default interval. The live partial bar counts as the last bar. from/to in the answer are the window's.")
            .Produces<AnalyticsReport>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .CacheOutput(RestServiceExtensions.HistoryCachePolicy);

    private static async Task<Ok<AnalyticsReport>> AnalyzeAsync(
        string symbol, string? window, string? interval, SymbolDirectory directory, BarHistory history, CancellationToken cancellationToken)
    {
        var name = RestQuery.Symbol(symbol, directory);
        var range = HistoryWindow.Parse(window, interval, "window", history.Now);
        var bars = await history.ReadAsync(name, range.Interval, range.From, range.ReadTo, cancellationToken);
        var report = MarketAnalytics.Analyze(bars, range.Interval, symbol: name);
        return TypedResults.Ok(report with { From = range.From, To = range.To });
    }
}
