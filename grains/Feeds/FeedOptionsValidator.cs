using Microsoft.Extensions.Options;
using OrleansTicks.Grains.Symbols;

namespace OrleansTicks.Grains.Feeds;

/// <summary>Stops the host at start when <c>Feed:Kind</c> names no registered connector.</summary>
internal sealed class FeedOptionsValidator(FeedKinds kinds) : IValidateOptions<FeedOptions>
{
    public ValidateOptionsResult Validate(string? name, FeedOptions options)
    {
        if (kinds.Find(options.Kind) is null)
        {
            return ValidateOptionsResult.Fail($"Feed:Kind is '{options.Kind}'; valid: {string.Join(", ", kinds.All)}.");
        }

        if (options.MaxClockSkew < TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail($"Feed:MaxClockSkew is {options.MaxClockSkew}; it must not be negative.");
        }

        if (options.UnsubscribeGrace < TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail($"Feed:UnsubscribeGrace is {options.UnsubscribeGrace}; it must not be negative.");
        }

        if (options.Url is { IsAbsoluteUri: false } or { Scheme: not ("ws" or "wss" or "http" or "https") })
        {
            return ValidateOptionsResult.Fail($"Feed:Url is '{options.Url}'; it must be an absolute ws://, wss://, http:// or https:// address.");
        }

        // Symbols are upper-cased where they are used, so "btcusdt" is fine here.
        foreach (var symbol in options.Symbols)
        {
            if (SymbolRules.Validate(symbol?.Trim().ToUpperInvariant()) is { } problem)
            {
                return ValidateOptionsResult.Fail($"Feed:Symbols: {problem}.");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
