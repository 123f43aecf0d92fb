using System.Text;
using OrleansTicks.Grains.Feeds.Yahoo;

namespace OrleansTicks.Grains.Tests.Feeds.Yahoo;

public sealed class YahooChartParserTests
{
    [Fact]
    public void A_chart_gives_its_minutes_with_prices_exactly_as_served_and_nulls_kept()
    {
        var chart = Parse("""
            {"chart":{"result":[{"meta":{"symbol":"AAPL","dataGranularity":"1m","gmtoffset":-18000},
            "timestamp":[1763649000,1763649060],
            "indicators":{"quote":[{"open":[189.91000366210938,null],"high":[190.5,null],"low":[189.5,null],"close":[190.25,null],"volume":[120345,null]}]}}],
            "error":null}}
            """);

        Assert.Equal(("AAPL", "1m", (string?)null), (chart.Symbol, chart.Granularity, chart.Error));
        Assert.Equal(new YahooMinute(1763649000, 189.91000366210938m, 190.5m, 189.5m, 190.25m, 120345m), chart.Minutes[0]);
        Assert.True(chart.Minutes[1].IsEmpty);
    }

    [Fact]
    public void An_error_answer_gives_its_code_and_description()
    {
        var chart = Parse("""{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}""");

        Assert.Equal("Not Found: No data found, symbol may be delisted", chart.Error);
    }

    [Fact]
    public void A_day_before_its_first_trade_has_no_minutes()
    {
        var chart = Parse("""{"chart":{"result":[{"meta":{"symbol":"AAPL"},"indicators":{"quote":[{}]}}],"error":null}}""");

        Assert.Empty(chart.Minutes);
    }

    [Fact]
    public void A_value_that_is_not_a_number_marks_only_its_minute()
    {
        var chart = Parse("""{"chart":{"result":[{"timestamp":[60,120],"indicators":{"quote":[{"open":["x",1],"high":[1,1],"low":[1,1],"close":[1,1],"volume":[1,1e40]}]}}]}}""");

        Assert.Equal("open is \"x\", not a number", chart.Minutes[0].Problem);
        Assert.Equal("volume is 1e40, not a number", chart.Minutes[1].Problem);
    }

    [Theory]
    [InlineData("<html>Too Many Requests</html>", "the answer is not JSON")]
    [InlineData("""{"finance":{"error":"x"}}""", "the answer has no 'chart' object")]
    [InlineData("""{"chart":{"result":[]}}""", "the answer has neither a 'chart.result' with an element nor a 'chart.error'")]
    [InlineData("""{"chart":{"result":[{"timestamp":[60]}]}}""", "chart.result[0] has timestamps but no indicators.quote[0] object")]
    [InlineData("""{"chart":{"result":[{"timestamp":[60,120],"indicators":{"quote":[{"open":[1],"high":[1,1],"low":[1,1],"close":[1,1],"volume":[1,1]}]}}]}}""", "chart.result[0].indicators.quote[0].open has 1 elements; timestamp has 2")]
    [InlineData("""{"chart":{"result":[{"timestamp":[60.5],"indicators":{"quote":[{"open":[1],"high":[1],"low":[1],"close":[1],"volume":[1]}]}}]}}""", "chart.result[0].timestamp[0] is 60.5, not a whole number of seconds")]
    [InlineData("""{"chart":{"result":[{"timestamp":"60"}]}}""", "chart.result[0].timestamp is String, not Array")]
    public void Something_that_is_not_a_chart_is_a_format_error_saying_what_is_wrong(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => Parse(json));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    private static YahooChart Parse(string json) => YahooChartParser.Parse(Encoding.UTF8.GetBytes(json));
}
