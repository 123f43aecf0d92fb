using Microsoft.Playwright;
using Xunit.Abstractions;

namespace OrleansTicks.Dashboard.Tests;

/// <summary>The page at a desktop and a phone width: everything fits the width, and a screenshot of each is saved in
/// artifacts/dashboard for a person to look at.</summary>
[Collection(DashboardCollection.Name)]
public sealed class LayoutTests(DashboardFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string, int, int> Screens => new()
    {
        { "desktop", DashboardPage.Desktop.Width, DashboardPage.Desktop.Height },
        { "phone", DashboardPage.Phone.Width, DashboardPage.Phone.Height },
    };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task Dashboard_fits_the_screen_width_with_every_panel_filled(string name, int width, int height)
    {
        await using var page = await DashboardPage.OpenAsync(fixture, DashboardServer.Symbols, "AAPL",
            new ViewportSize { Width = width, Height = height }, phone: name == "phone");
        await page.WaitForConnectionAsync("connected");
        await page.WaitForChartAsync("AAPL", "1d");
        foreach (var symbol in DashboardServer.Symbols)
        {
            await page.WaitForPriceAsync(symbol);
        }

        await page.WaitForVisibleAsync("#analytics .stat");
        await page.WaitForVisibleAsync("#feed-status .stat");

        var overflow = await page.Page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow} px wider than the {width} px screen");
        var chart = await page.Page.Locator("#chart").BoundingBoxAsync();
        Assert.NotNull(chart);
        Assert.True(chart.Width > width / 2 && chart.X + chart.Width <= width, $"the chart spans {chart.X}..{chart.X + chart.Width} of {width} px");
        Assert.True(chart.Height >= 300, $"the chart is {chart.Height} px high");
        await page.ScreenshotAsync($"{name}-{width}x{height}.png", output);
        page.AssertNoProblems();
    }
}
