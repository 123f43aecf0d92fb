using Microsoft.Extensions.Options;

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

        return options.MaxClockSkew < TimeSpan.Zero
            ? ValidateOptionsResult.Fail($"Feed:MaxClockSkew is {options.MaxClockSkew}; it must not be negative.")
            : ValidateOptionsResult.Success;
    }
}
