using Microsoft.Extensions.Options;

namespace OrleansTicks.Grains.Feeds.Yahoo;

/// <summary>Checks <see cref="YahooOptions"/> (and that <c>Feed:Url</c>, when set, is an http address) at start,
/// naming the bad setting and what is valid.</summary>
internal sealed class YahooOptionsValidator(IOptions<FeedOptions> feed) : IValidateOptions<YahooOptions>
{
    /// <summary>The most symbols fetched at once.</summary>
    public const int MaxParallelism = 32;

    private const string Section = YahooOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, YahooOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckSpan(failures, nameof(options.PollInterval), options.PollInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        CheckSpan(failures, nameof(options.RequestTimeout), options.RequestTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        CheckSpan(failures, nameof(options.SettleDelay), options.SettleDelay, TimeSpan.Zero, TimeSpan.FromHours(1));
        CheckSpan(failures, nameof(options.MaxBackoff), options.MaxBackoff, options.PollInterval, TimeSpan.FromDays(1));
        if (options.Parallelism is < 1 or > MaxParallelism)
        {
            failures.Add($"{Section}:{nameof(options.Parallelism)} must be between 1 and {MaxParallelism}; it is {options.Parallelism}.");
        }

        if (feed.Value.Url is { } url && url.Scheme is not ("http" or "https"))
        {
            failures.Add($"Feed:Url is '{url}'; the yahoo importer needs an http:// or https:// address (the base of /v8/finance/chart/...).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckSpan(List<string> failures, string setting, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Section}:{setting} must be between {min:c} and {max:c}; it is {value:c}.");
        }
    }
}
