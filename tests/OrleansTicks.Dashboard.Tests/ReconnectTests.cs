namespace OrleansTicks.Dashboard.Tests;

[Collection(DashboardCollection.Name)]
public sealed class ReconnectTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Page_reconnects_after_the_server_restarts_and_prices_move_again()
    {
        await using var page = await DashboardPage.OpenAsync(fixture, ["AAPL", "MSFT"], "AAPL");
        await page.WaitForConnectionAsync("connected");
        await page.WaitForPriceAsync("AAPL");
        page.AssertNoProblems(); // only before the restart: a browser reports refused connections as errors

        await fixture.Server.StopAsync();
        await page.WaitForConnectionLostAsync();
        await fixture.Server.StartAsync(); // the same port
        await page.WaitForConnectionAsync("connected");

        // Moves counted after the reconnection come from the new server's feed.
        var moves = await page.MovesAsync("AAPL");
        await page.WaitForMoveAsync("AAPL", moves);
        var price = await page.WaitForPriceAsync("AAPL");
        Assert.NotEqual(price, await page.WaitForPriceAsync("AAPL", not: price));
        Assert.Equal("connected", await page.Page.Locator("#connection").GetAttributeAsync("data-state"));
    }
}
