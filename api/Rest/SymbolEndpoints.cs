using Microsoft.AspNetCore.Http.HttpResults;
using OrleansTicks.Api.Contracts;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Symbols;
using OrleansTicks.Runtime;

namespace OrleansTicks.Api.Rest;

/// <summary><c>GET /api/symbols</c> (directory search) and the live quotes, <c>GET /api/quotes/{symbol}</c> and
/// <c>GET /api/quotes?symbols=</c>.</summary>
internal static class SymbolEndpoints
{
    /// <summary>The most symbols one <c>GET /api/quotes?symbols=</c> may name.</summary>
    public const int MaxQuoteSymbols = 100;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/symbols", Search)
            .WithName("SearchSymbols")
            .WithTags("Symbols")
            .WithSummary("Symbols whose ticker or company name matches q, best first.")
            .WithDescription("q: 1 to 64 characters (a ticker or words of a name, e.g. 'app', 'bank of'). limit: 1..100 (default 20).")
            .Produces<SymbolSearchResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/quotes/{symbol}", QuoteAsync)
            .WithName("GetQuote")
            .WithTags("Quotes")
            .WithSummary("The live quote of one symbol: last trade and the UTC day's statistics.")
            .WithDescription("404 with code unknown_symbol for a symbol the directory does not know, code no_trade_yet for a known symbol without a trade.")
            .Produces<Quote>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/quotes", QuotesAsync)
            .WithName("GetQuotes")
            .WithTags("Quotes")
            .WithSummary("The live quotes of up to 100 comma-separated symbols.")
            .WithDescription("Unknown symbols are listed in 'unknown', known ones without a trade in 'noTrade'; a malformed symbol fails the whole request (400).")
            .Produces<QuotesResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static Ok<SymbolSearchResponse> Search(string? q, string? limit, SymbolDirectory directory)
    {
        var query = q?.Trim();
        if (string.IsNullOrEmpty(query) || query.Length > SymbolDirectory.MaxQueryLength)
        {
            throw RestProblem.BadParameter("q", string.IsNullOrEmpty(query) ? "The query q is missing or blank." : $"The query has {query.Length} characters.",
                $"1 to {SymbolDirectory.MaxQueryLength} characters: a ticker or words of a company name (e.g. AAPL, app, bank of)");
        }

        var matches = directory.Search(query, RestQuery.Int(limit, "limit", 1, SymbolDirectory.MaxSearchLimit, 20));
        return TypedResults.Ok(new SymbolSearchResponse(matches.Count, [.. matches.Select(SymbolMatch.From)]));
    }

    private static async Task<Ok<Quote>> QuoteAsync(string symbol, SymbolDirectory directory, IGrainFactory grains)
    {
        var name = RestQuery.Symbol(symbol, directory);
        return await grains.GetGrain<ISymbolGrain>(name).GetQuoteAsync() is { } quote
            ? TypedResults.Ok(quote)
            : throw NoTradeYet(name);
    }

    private static async Task<Ok<QuotesResponse>> QuotesAsync(string? symbols, SymbolDirectory directory, IGrainFactory grains)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var malformed = new List<string>();
        foreach (var part in (symbols ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!SymbolSyntax.TryNormalize(part, out var name))
            {
                malformed.Add(RestProblem.Shorten(part));
            }
            else if (seen.Add(name))
            {
                names.Add(name);
            }
        }

        if (malformed.Count > 0)
        {
            throw RestProblem.BadParameter("symbols", $"Not symbols: {string.Join(", ", malformed.Take(10))}.", SymbolSyntax.Description);
        }

        if (names.Count is 0 or > MaxQuoteSymbols)
        {
            throw RestProblem.BadParameter("symbols", names.Count == 0 ? "No symbol given." : $"{names.Count} symbols given.",
                $"1 to {MaxQuoteSymbols} comma-separated symbols, e.g. AAPL,MSFT");
        }

        var unknown = names.Where(n => !directory.Contains(n)).ToList();
        var known = names.Where(directory.Contains).ToList();
        var quotes = await Task.WhenAll(known.Select(n => grains.GetGrain<ISymbolGrain>(n).GetQuoteAsync()));
        var result = quotes.OfType<Quote>().ToList();
        var noTrade = known.Where((_, i) => quotes[i] is null).ToList();
        return TypedResults.Ok(new QuotesResponse(result.Count, result, noTrade, unknown));
    }

    internal static RestProblemException NoTradeYet(string symbol) =>
        RestProblem.NotFound("No trade yet", $"'{symbol}' is known but has not traded since the feed started; its quote appears with its first trade.", "no_trade_yet");
}
