using System.Net;

namespace OrleansTicks.Dashboard.Tests;

/// <summary>The dashboard of a server with API keys (docs/SECURITY.md): the page's files are open, the page asks for a
/// key before its first call, and then works with it.</summary>
[Collection(DashboardCollection.Name)]
public sealed class KeyTests(DashboardFixture fixture, KeyedServer keyed) : IClassFixture<KeyedServer>
{
    private const string ReadKey = KeyedServer.ReadKey;
    private readonly DashboardServer _server = keyed.Server;

    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    [InlineData("/js/main.js")]
    [InlineData("/css/dashboard.css")]
    [InlineData("/vendor/signalr.min.js")]
    [InlineData("/vendor/lightweight-charts.standalone.production.mjs")]
    [InlineData("/favicon.svg")]
    [InlineData("/dashboard/settings.json")]
    public async Task Dashboard_files_load_without_a_key_while_the_API_needs_one(string path)
    {
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };

        using var file = await http.GetAsync(path);
        using var api = await http.GetAsync("/api/symbols?q=app");

        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Page_asks_for_a_key_first_then_shows_live_prices_and_refuses_regeneration_to_a_read_key()
    {
        await using var page = await DashboardPage.OpenAsync(fixture.Browser, _server, ["AAPL"], "AAPL");
        var dialog = page.Page.Locator("#key-dialog");
        await dialog.WaitForAsync();

        await page.Page.Locator("#key-input").FillAsync(ReadKey);
        await page.Page.Locator("#key-dialog button[value=\"save\"]").ClickAsync();
        await page.WaitForConnectionAsync("connected");
        await page.WaitForChartAsync("AAPL", "1d");
        var price = await page.WaitForPriceAsync("AAPL");
        await page.WaitForPriceAsync("AAPL", not: price);

        await page.Page.Locator("#regenerate").ClickAsync();
        await page.Page.Locator("#regen-start").ClickAsync();
        var refusal = page.Page.Locator(".toast[data-kind=\"regeneration-error\"]");
        await refusal.WaitForAsync();
        Assert.Contains("admin", await refusal.InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ReadKey, await page.Page.EvaluateAsync<string>("localStorage.getItem('orleansticks.apiKey')"));
        page.AssertNoProblems(); // no refused call: the page asked for the key before calling
    }
}
