using Microsoft.Extensions.Options;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Feeds.Yahoo;

namespace OrleansTicks.Grains.Tests.Feeds.Yahoo;

public sealed class YahooOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(Validate(new YahooOptions()).Succeeded);
    }

    [Theory]
    [InlineData(nameof(YahooOptions.PollInterval), "Feed:Yahoo:PollInterval must be between 00:00:01 and 1.00:00:00; it is 00:00:00.")]
    [InlineData(nameof(YahooOptions.RequestTimeout), "Feed:Yahoo:RequestTimeout must be between 00:00:01 and 00:05:00; it is 00:00:00.")]
    [InlineData(nameof(YahooOptions.MaxBackoff), "Feed:Yahoo:MaxBackoff must be between 00:01:00 and 1.00:00:00; it is 00:00:00.")]
    public void A_zero_span_is_refused_naming_the_setting_and_its_range(string setting, string expected)
    {
        var options = new YahooOptions();
        typeof(YahooOptions).GetProperty(setting)!.SetValue(options, TimeSpan.Zero);

        var result = Validate(options);

        Assert.Contains(expected, result.Failures!);
    }

    [Fact]
    public void A_negative_settle_delay_and_a_parallelism_out_of_range_are_refused()
    {
        var result = Validate(new YahooOptions { SettleDelay = TimeSpan.FromSeconds(-1), Parallelism = 0 });

        Assert.Equal(
            ["Feed:Yahoo:SettleDelay must be between 00:00:00 and 01:00:00; it is -00:00:01.", "Feed:Yahoo:Parallelism must be between 1 and 32; it is 0."],
            result.Failures);
    }

    [Fact]
    public void A_websocket_feed_url_is_refused()
    {
        var result = Validate(new YahooOptions(), new Uri("wss://ws.finnhub.io"));

        Assert.Equal(["Feed:Url is 'wss://ws.finnhub.io/'; the yahoo importer needs an http:// or https:// address (the base of /v8/finance/chart/...)."], result.Failures);
    }

    private static ValidateOptionsResult Validate(YahooOptions options, Uri? url = null) =>
        new YahooOptionsValidator(Options.Create(new FeedOptions { Url = url })).Validate(null, options);
}
