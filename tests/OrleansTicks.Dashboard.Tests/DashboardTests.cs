using System.Net.Http.Json;
using System.Text.Json;
using OrleansTicks.TestKit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OrleansTicks.Dashboard.Tests;

/// <summary>The dashboard against a real server with the simulated feed, driven in Chromium as a person would use it.
/// Waits have generous timeouts that only keep a broken test from hanging; no test asserts how long anything took.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardTests(DashboardFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Page_loads_without_console_errors_and_search_for_app_offers_AAPL()
    {
        await using var page = await DashboardPage.OpenAsync(fixture, ["MSFT"], "MSFT");
        await page.WaitForConnectionAsync("connected");
        await page.WaitForChartAsync("MSFT", "1d");

        await page.Page.Locator("#search").PressSequentiallyAsync("app");
        var option = page.Page.Locator("#search-results li[data-symbol=\"AAPL\"]");
        await option.WaitForAsync();

        Assert.Contains("Apple", await option.InnerTextAsync(), StringComparison.Ordinal);
        page.AssertNoProblems();
    }

    [Fact]
    public async Task Adding_AAPL_from_the_search_puts_it_in_the_watchlist_with_a_price_that_changes()
    {
        await using var page = await DashboardPage.OpenAsync(fixture, ["MSFT"], "MSFT");
        await page.WaitForConnectionAsync("connected");

        await page.Page.Locator("#search").PressSequentiallyAsync("app");
        await page.Page.Locator("#search-results li[data-symbol=\"AAPL\"]").ClickAsync();
        var first = await page.WaitForPriceAsync("AAPL");
        var next = await page.WaitForPriceAsync("AAPL", not: first);

        Assert.NotEqual(first, next);
        var stored = await page.Page.EvaluateAsync<string>("localStorage.getItem('orleansticks.watchlist')");
        Assert.Equal(["MSFT", "AAPL"], JsonSerializer.Deserialize<string[]>(stored) ?? []);
        Assert.True(int.Parse(await page.Row("AAPL").Locator("td.subscribers").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) >= 1,
            "the page's own subscription counts");
        await page.WaitForChartAsync("AAPL", "1d"); // picking a symbol charts it too
        page.AssertNoProblems();
    }

    [Fact]
    public async Task The_feed_panel_counts_the_pages_own_connection_once_it_is_up_without_waiting_for_its_next_poll()
    {
        // With the page's timers stopped, only the connection's opening can bring the panel up to date: the first
        // poll of the load goes out before the connection is up.
        await using var page = await DashboardPage.OpenAsync(fixture, ["AAPL"], "AAPL", pauseTimers: true);
        await page.WaitForConnectionAsync("connected");

        var clients = page.Page.Locator("#feed-status .stat").Filter(new() { HasText = "Clients" }).Locator("dd");
        await Expect(clients).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[1-9][0-9]*$"), new() { Timeout = (float)Wait.Generous.TotalMilliseconds });
    }

    [Fact]
    public async Task Chart_draws_the_candles_of_1d_and_1y_that_the_API_answers()
    {
        await using var page = await DashboardPage.OpenAsync(fixture, ["AAPL"], "AAPL");

        await page.WaitForChartAsync("AAPL", "1d");
        await AssertChartMatchesApiAsync(page, "1d", "1m", minimumSpan: TimeSpan.FromHours(12));

        await page.Page.Locator("#periods button[data-period=\"1y\"]").ClickAsync();
        await page.WaitForChartAsync("AAPL", "1y");
        await AssertChartMatchesApiAsync(page, "1y", "1d", minimumSpan: TimeSpan.FromDays(180));
        page.AssertNoProblems();
    }

    [Fact]
    public async Task Regeneration_shows_its_completion_notification_and_redraws_the_chart()
    {
        await using var page = await DashboardPage.OpenAsync(fixture, ["NVDA"], "NVDA");
        await page.WaitForConnectionAsync("connected");
        await page.WaitForChartAsync("NVDA", "1d");
        var loads = await page.ChartAsync("loads");

        await page.Page.Locator("#regenerate").ClickAsync();
        await page.Page.Locator("#regen-period").SelectOptionAsync("1mo");
        await page.Page.Locator("#regen-seed").FillAsync("7");
        await page.Page.Locator("#regen-start").ClickAsync();

        var notification = page.Page.Locator(".toast[data-kind=\"regeneration-completed\"]");
        await notification.WaitForAsync();
        Assert.Contains("NVDA", await notification.InnerTextAsync(), StringComparison.Ordinal);
        await page.WaitForChartChangeAsync("loads", loads);
        Assert.Equal("ready", await page.ChartAsync("state"));
        Assert.True(await page.Page.Locator("#regen-progress").IsHiddenAsync(), "the progress bar goes once the job is done");
        page.AssertNoProblems();
    }

    private async Task AssertChartMatchesApiAsync(DashboardPage page, string period, string interval, TimeSpan minimumSpan)
    {
        Assert.Equal(interval, await page.ChartAsync("interval"));
        var candles = await page.ChartNumberAsync("candles");
        var span = TimeSpan.FromSeconds(await page.ChartNumberAsync("last") - await page.ChartNumberAsync("first"));

        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        var answer = await http.GetFromJsonAsync<JsonElement>($"/api/search?symbol=AAPL&period={period}");
        var bars = answer.GetProperty("bars").GetArrayLength();

        output.WriteLine($"{period}: {candles} candles over {span} on the chart, {bars} bars from the API");
        // The API is asked a moment after the page: the window may have moved on by a minute or two since.
        Assert.InRange(candles, bars - 3, bars + 3);
        Assert.True(span >= minimumSpan, $"{period} spans {span} on the chart; the generated history gives at least {minimumSpan}");
    }
}
