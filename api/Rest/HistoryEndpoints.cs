using Microsoft.AspNetCore.Http.HttpResults;
using OrleansTicks.Api.Contracts;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Symbols;

namespace OrleansTicks.Api.Rest;

/// <summary><c>GET /api/search</c> (a period ending now, yfinance style) and <c>GET /api/bars/{symbol}</c> (an explicit
/// range). Both answer exact bars aggregated from 1-minute bars, the live partial bar included, and are output-cached
/// for a moment (<c>Rest:HistoryCacheDuration</c>).</summary>
internal static class HistoryEndpoints
{
    /// <summary>The span <c>/api/bars</c> covers when <c>from</c> is not given: the day before <c>to</c>.</summary>
    public static readonly TimeSpan DefaultBarsSpan = TimeSpan.FromDays(1);

    private static readonly string[] Formats = ["json", "columnar"];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/search", SearchAsync)
            .WithName("SearchHistory")
            .WithTags("History")
            .WithSummary("Bars of a period that ends now (yfinance periods), the live partial bar last.")
            .WithDescription("period: 1d 5d 1mo 3mo 6mo ytd 1y 2y 5y 10y max (default 1d). interval: 1m 5m 15m 30m 1h 1d 1wk 1mo; "
                + "default per period: 1d→1m, 5d→5m, 1mo→30m, 3mo→1h, 6mo/ytd/1y/2y→1d, 5y/10y→1wk, max→1mo. At most 50,000 bars per answer. "
                + "format=columnar answers Finnhub's candle shape {s,t,o,h,l,c,v}.")
            .Produces<SearchResponse>()
            .Produces<ColumnarCandles>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .CacheOutput(RestServiceExtensions.HistoryCachePolicy);

        api.MapGet("/bars/{symbol}", BarsAsync)
            .WithName("GetBars")
            .WithTags("History")
            .WithSummary("Bars of an explicit range, with a choice of what an interval without trades becomes.")
            .WithDescription("interval: 1m 5m 15m 30m 1h 1d 1wk 1mo (default 1m). from, to: ISO-8601 or unix seconds (default: the day "
                + "before to; to defaults to now); bars start in [from aligned to the interval, to). limit: 1..50,000, keeps the newest bars. "
                + "fill: none (default, gaps left out), empty (o/h/l/c/vw null, v 0, n 0), carry (previous close as o/h/l/c, v 0, n 0). "
                + "A range of more than 50,000 intervals is refused.")
            .Produces<BarsResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .CacheOutput(RestServiceExtensions.HistoryCachePolicy);
    }

    private static async Task<Results<Ok<SearchResponse>, Ok<ColumnarCandles>>> SearchAsync(
        string? symbol, string? period, string? interval, string? format,
        SymbolDirectory directory, BarHistory history, HistoryOnFirstUse bootstrap, CancellationToken cancellationToken)
    {
        var name = RestQuery.Symbol(symbol, directory);
        var window = HistoryWindow.Parse(period, interval, "period", history.Now);
        var columnar = RestQuery.OneOf(format, "format", Formats, "json") == "columnar";
        var bars = await history.ReadAsync(name, window.Interval, window.From, window.ReadTo, cancellationToken);

        // A symbol without history gets generated history when the simulator runs (never with a real feed); the answer
        // names the job so the client knows more is coming.
        var jobId = await bootstrap.EnsureAsync(name);

        if (columnar)
        {
            return TypedResults.Ok(ColumnarCandles.From(bars));
        }

        var apiBars = new ApiBar[bars.Count];
        for (var i = 0; i < apiBars.Length; i++)
        {
            apiBars[i] = ApiBar.From(bars[i]);
        }

        return TypedResults.Ok(new SearchResponse(name, window.Period.Name, window.Interval.Name, window.From, window.To, apiBars, jobId));
    }

    private static async Task<Ok<BarsResponse>> BarsAsync(
        string symbol, string? interval, string? from, string? to, string? limit, string? fill,
        SymbolDirectory directory, BarHistory history, CancellationToken cancellationToken)
    {
        var name = RestQuery.Symbol(symbol, directory);
        var barInterval = RestQuery.Interval(interval) ?? BarInterval.OneMinute;
        var now = history.Now;
        var end = RestQuery.Time(to, "to") ?? now;
        var begin = RestQuery.Time(from, "from") ?? (end.Ticks >= DefaultBarsSpan.Ticks ? end - DefaultBarsSpan : DateTime.MinValue);
        if (begin > end)
        {
            throw RestProblem.BadParameter("from", $"from ({begin:O}) is after to ({end:O}).", "from ≤ to");
        }

        var start = barInterval.StartOf(begin);
        var count = BarHistory.CountIntervals(barInterval, start, end);
        if (count > BarHistory.MaxBars)
        {
            throw RestProblem.BadParameter("to",
                $"From {start:O} to {end:O} at interval '{barInterval.Name}' is {count:N0} intervals; at most {BarHistory.MaxBars:N0} are answered at once.",
                $"a range of at most {BarHistory.MaxBars:N0} intervals of '{barInterval.Name}'{MaxSpanOf(barInterval)}, or a longer interval");
        }

        var keep = RestQuery.Int(limit, "limit", 1, BarHistory.MaxBars, BarHistory.MaxBars);
        var mode = RestQuery.OneOf(fill, "fill", BarFill.Modes, BarFill.None);
        var bars = await history.ReadAsync(name, barInterval, start, end, cancellationToken);
        var until = barInterval.Next(barInterval.StartOf(now));
        var filled = BarFill.Apply(bars, barInterval, start, until < end ? until : end, mode);
        if (filled.Count > keep)
        {
            filled.RemoveRange(0, filled.Count - keep);
        }

        return TypedResults.Ok(new BarsResponse(name, barInterval.Name, start, end, mode, filled));
    }

    private static string MaxSpanOf(BarInterval interval) =>
        interval.IsMonth ? "" : $" ({TimeSpan.FromTicks(interval.FixedLength.Ticks * BarHistory.MaxBars).TotalDays:N0} days)";
}
