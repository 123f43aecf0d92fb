using Microsoft.Extensions.Options;
using OrleansTicks.Grains.Feeds.Live;

namespace OrleansTicks.Grains.Feeds.Finnhub;

/// <summary>Checks <see cref="FinnhubOptions"/> and the <c>Feed</c> settings Finnhub needs at start, naming the bad
/// setting and what is valid.</summary>
internal sealed class FinnhubOptionsValidator(IOptions<FeedOptions> feed) : IValidateOptions<FinnhubOptions>
{
    private const string Section = FinnhubOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, FinnhubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        LiveFeedOptionsChecks.Check(Section, options, failures);
        if (options.SymbolListTimeout < TimeSpan.FromSeconds(1) || options.SymbolListTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{Section}:{nameof(options.SymbolListTimeout)} must be between 00:00:01 and 00:10:00; it is {options.SymbolListTimeout:c}.");
        }

        if (options.SymbolListUrl is { } list && (!list.IsAbsoluteUri || list.Scheme is not ("http" or "https")))
        {
            failures.Add($"{Section}:{nameof(options.SymbolListUrl)} is '{list}'; it must be an absolute http:// or https:// address (a /stock/symbol?exchange=US endpoint).");
        }

        var settings = feed.Value;
        if (settings.Url is { } url && url.Scheme is not ("ws" or "wss"))
        {
            failures.Add($"Feed:Url is '{url}'; the finnhub feed needs a ws:// or wss:// address.");
        }

        var isFinnhubs = settings.Url is null || string.Equals(settings.Url.Host, FinnhubOptions.DefaultUrl.Host, StringComparison.OrdinalIgnoreCase);
        if (isFinnhubs && string.IsNullOrWhiteSpace(settings.Token))
        {
            failures.Add("Feed:Token is empty; Finnhub's feed needs an API token (see https://finnhub.io/dashboard).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
