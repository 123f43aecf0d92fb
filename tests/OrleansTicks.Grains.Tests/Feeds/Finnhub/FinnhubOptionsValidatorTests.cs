using Microsoft.Extensions.Options;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Feeds.Finnhub;

namespace OrleansTicks.Grains.Tests.Feeds.Finnhub;

public sealed class FinnhubOptionsValidatorTests
{
    [Fact]
    public void Finnhubs_own_feed_with_a_token_and_the_defaults_is_valid()
    {
        Assert.True(Validate(new FinnhubOptions(), new FeedOptions { Token = "tok" }).Succeeded);
    }

    [Fact]
    public void Finnhubs_own_feed_without_a_token_is_refused_saying_where_to_get_one()
    {
        var result = Validate(new FinnhubOptions(), new FeedOptions { Url = new Uri("wss://ws.finnhub.io") });

        Assert.Equal(["Feed:Token is empty; Finnhub's feed needs an API token (see https://finnhub.io/dashboard)."], result.Failures);
    }

    [Fact]
    public void Bad_addresses_and_spans_are_refused_naming_the_setting()
    {
        var options = new FinnhubOptions { SymbolListUrl = new Uri("ftp://example.com/list"), SymbolListTimeout = TimeSpan.Zero, BatchSize = 0 };

        var result = Validate(options, new FeedOptions { Url = new Uri("https://example.com/"), Token = "tok" });

        Assert.Equal(
            [
                "Feed:Finnhub:BatchSize must be between 1 and 65536; it is 0.",
                "Feed:Finnhub:SymbolListTimeout must be between 00:00:01 and 00:10:00; it is 00:00:00.",
                "Feed:Finnhub:SymbolListUrl is 'ftp://example.com/list'; it must be an absolute http:// or https:// address (a /stock/symbol?exchange=US endpoint).",
                "Feed:Url is 'https://example.com/'; the finnhub feed needs a ws:// or wss:// address.",
            ],
            result.Failures);
    }

    private static ValidateOptionsResult Validate(FinnhubOptions options, FeedOptions feed) =>
        new FinnhubOptionsValidator(Options.Create(feed)).Validate(null, options);
}
