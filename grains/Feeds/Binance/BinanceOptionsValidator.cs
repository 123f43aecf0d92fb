using Microsoft.Extensions.Options;
using OrleansTicks.Grains.Feeds.Live;
using OrleansTicks.Grains.Symbols;

namespace OrleansTicks.Grains.Feeds.Binance;

/// <summary>Checks <see cref="BinanceOptions"/> (and the <c>Feed:Url</c> it goes with) at start, naming each bad
/// setting and what is valid.</summary>
internal sealed class BinanceOptionsValidator(IOptions<FeedOptions> feed) : IValidateOptions<BinanceOptions>
{
    private const string Section = BinanceOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, BinanceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        LiveFeedOptionsChecks.Check(Section, options, failures);
        if (!Enum.IsDefined(options.Stream))
        {
            failures.Add($"{Section}:{nameof(options.Stream)} is {options.Stream}; valid: trade, aggTrade.");
        }

        if (options.MaxStreamsPerMessage is < 1 or > BinanceOptions.MaxStreamsPerConnection)
        {
            failures.Add($"{Section}:{nameof(options.MaxStreamsPerMessage)} must be between 1 and {BinanceOptions.MaxStreamsPerConnection}; it is {options.MaxStreamsPerMessage}.");
        }

        foreach (var symbol in options.Symbols)
        {
            if (SymbolRules.Validate(symbol?.Trim().ToUpperInvariant()) is { } problem)
            {
                failures.Add($"{Section}:{nameof(options.Symbols)}: {problem}.");
            }
        }

        var configured = feed.Value.Symbols.Length;
        if (configured > BinanceOptions.MaxStreamsPerConnection)
        {
            failures.Add($"Feed:Symbols has {configured} symbols; one Binance connection carries at most {BinanceOptions.MaxStreamsPerConnection} streams.");
        }

        if (BinanceEndpoint.Resolve(feed.Value.Url, options.Combined, out var urlProblem) is null)
        {
            failures.Add(urlProblem!);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
