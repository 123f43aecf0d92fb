using System.Globalization;
using System.Text.Json;

namespace OrleansTicks.Dashboard.Tests;

/// <summary>The page's bar arithmetic (js/bars.js), run in the browser: the interval alignment must match the API's
/// (UTC; weeks on Monday, months on the 1st), and the live candle of a larger interval is the exact sum of its minutes.</summary>
[Collection(DashboardCollection.Name)]
public sealed class BarsModuleTests(DashboardFixture fixture)
{
    // (time, interval, the start of its interval) as the API aligns bars (docs/API.md).
    private static readonly string[][] Alignments =
    [
        ["2026-11-22T15:37:20Z", "1m", "2026-11-22T15:37:00Z"],
        ["2026-11-22T15:37:20Z", "5m", "2026-11-22T15:35:00Z"],
        ["2026-11-22T15:37:20Z", "30m", "2026-11-22T15:30:00Z"],
        ["2026-11-22T15:37:20Z", "1h", "2026-11-22T15:00:00Z"],
        ["2026-11-22T15:37:20Z", "1d", "2026-11-22T00:00:00Z"],
        ["2026-11-22T15:37:20Z", "1wk", "2026-11-16T00:00:00Z"], // a Sunday: its week began on Monday the 16th
        ["2026-11-16T00:00:00Z", "1wk", "2026-11-16T00:00:00Z"],
        ["2026-11-22T15:37:20Z", "1mo", "2026-11-01T00:00:00Z"],
        ["1969-12-31T23:59:00Z", "1d", "1969-12-31T00:00:00Z"],
    ];

    [Fact]
    public async Task Interval_start_of_a_time_is_aligned_as_the_API_aligns()
    {
        await using var page = await DashboardPage.OpenAsync(fixture, ["AAPL"], "AAPL");

        var starts = await page.Page.EvaluateAsync<long[]>(
            "async (cases) => { const bars = await import('/js/bars.js'); return cases.map(([time, interval]) => bars.alignDown(Date.parse(time) / 1000, interval)); }",
            Alignments);

        for (var i = 0; i < Alignments.Length; i++)
        {
            var (time, interval, start) = (Alignments[i][0], Alignments[i][1], Alignments[i][2]);
            Assert.True(DateTimeOffset.Parse(start, CultureInfo.InvariantCulture).ToUnixTimeSeconds() == starts[i],
                $"{time} at {interval}: expected {start}, the page says {DateTimeOffset.FromUnixTimeSeconds(starts[i]):O}");
        }
    }

    [Fact]
    public async Task Candle_of_minutes_opens_with_the_first_closes_with_the_last_and_sums_the_volume()
    {
        await using var page = await DashboardPage.OpenAsync(fixture, ["AAPL"], "AAPL");

        // Inserted out of order, as late revisions arrive: the order of the minutes' times decides.
        var candle = await page.Page.EvaluateAsync<JsonElement>("""
            async () => {
              const bars = await import('/js/bars.js');
              const minutes = new Map([
                [120, { o: 11, h: 14, l: 10.5, c: 13, v: 300 }],
                [0, { o: 10, h: 12, l: 9, c: 11, v: 100 }],
                [60, { o: 11, h: 11.5, l: 8.5, c: 11, v: 200 }],
              ]);
              return bars.aggregate(minutes);
            }
            """);

        Assert.Equal(10, candle.GetProperty("o").GetDouble());
        Assert.Equal(14, candle.GetProperty("h").GetDouble());
        Assert.Equal(8.5, candle.GetProperty("l").GetDouble());
        Assert.Equal(13, candle.GetProperty("c").GetDouble());
        Assert.Equal(600, candle.GetProperty("v").GetDouble());
    }
}
