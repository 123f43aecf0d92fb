using Microsoft.Extensions.Options;

namespace OrleansTicks.Api.Live;

/// <summary>Checks what the data annotations cannot: the observer renewal must come well inside the symbol grains'
/// subscription expiry (<c>Market:SubscriptionExpiry</c>), or observers and counts would lapse between renewals.</summary>
internal sealed class LiveOptionsValidator(IConfiguration configuration) : IValidateOptions<LiveOptions>
{
    private static readonly TimeSpan DefaultExpiry = TimeSpan.FromMinutes(2);

    public ValidateOptionsResult Validate(string? name, LiveOptions options)
    {
        var expiry = configuration.GetValue("Market:SubscriptionExpiry", DefaultExpiry);
        if (options.RenewInterval * 2 > expiry)
        {
            return ValidateOptionsResult.Fail(
                $"Hub:RenewInterval ({options.RenewInterval}) must be at most half of Market:SubscriptionExpiry ({expiry}), " +
                "so that observers and subscriber counts are renewed before the symbol grains forget them.");
        }

        return ValidateOptionsResult.Success;
    }
}
