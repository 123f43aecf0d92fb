using OrleansTicks.Api.Contracts;
namespace OrleansTicks.Api.Rest;

/// <summary>Bad input found deep in a handler: <see cref="RestProblemFilter"/> turns it into an RFC 9457 problem
/// answer, so that parsing helpers can simply throw instead of threading results through every handler.</summary>
internal sealed class RestProblemException(int status, string title, string detail, IReadOnlyDictionary<string, object?> extensions)
    : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions;
}

/// <summary>The problems the REST endpoints answer, each saying what was wrong and what is valid: the
/// <c>parameter</c> extension names the offending input, <c>valid</c> says what it may be, <c>code</c> is a stable
/// machine-readable reason where clients may want to branch on it.</summary>
internal static class RestProblem
{
    public static RestProblemException BadParameter(string parameter, string detail, object valid) =>
        new(StatusCodes.Status400BadRequest, "Invalid parameter", detail,
            new Dictionary<string, object?> { ["parameter"] = parameter, ["valid"] = valid });

    public static RestProblemException InvalidSymbol(string parameter, string? given) =>
        new(StatusCodes.Status400BadRequest, "Invalid symbol",
            given is null or "" ? $"The {parameter} is missing." : $"'{Shorten(given)}' is not a symbol.",
            new Dictionary<string, object?> { ["parameter"] = parameter, ["code"] = "invalid_symbol", ["valid"] = SymbolSyntax.Description, ["pattern"] = SymbolSyntax.Pattern });

    public static RestProblemException UnknownSymbol(string symbol) =>
        new(StatusCodes.Status404NotFound, "Unknown symbol",
            $"No symbol '{symbol}' is known. Find symbols with GET /api/symbols?q=...",
            new Dictionary<string, object?> { ["code"] = "unknown_symbol", ["symbol"] = symbol });

    public static RestProblemException NotFound(string title, string detail, string code) =>
        new(StatusCodes.Status404NotFound, title, detail, new Dictionary<string, object?> { ["code"] = code });

    public static RestProblemException Body(int status, string title, string detail, object valid) =>
        new(status, title, detail, new Dictionary<string, object?> { ["valid"] = valid });

    /// <summary>Echoed input is cut short: a problem answer must not grow with a hostile query.</summary>
    public static string Shorten(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");
}

/// <summary>Answers a <see cref="RestProblemException"/> as <c>application/problem+json</c>.</summary>
internal sealed class RestProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (RestProblemException problem)
        {
            return TypedResults.Problem(problem.Message, statusCode: problem.Status, title: problem.Title,
                extensions: problem.Extensions);
        }
    }
}
