using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrleansTicks.TestKit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OrleansTicks.Dashboard.Tests;

/// <summary>The dashboard in a browser context of its own, with what it reported that a person would call an error:
/// console errors, uncaught exceptions, failed requests and answers of 400 or more (a missing favicon included).</summary>
public sealed class DashboardPage : IAsyncDisposable
{
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private static readonly float Timeout = (float)Wait.Generous.TotalMilliseconds;
    private static readonly Regex Price = new("^[0-9,]+\\.[0-9]+$");
    private readonly IBrowserContext _context;
    private readonly List<string> _problems = [];
    private readonly Lock _lock = new();

    private DashboardPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Report($"console error: {message.Text}");
            }
        };
        page.PageError += (_, error) => Report($"uncaught: {error}");
        page.RequestFailed += (_, request) => Report($"request failed: {request.Method} {request.Url}: {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Report($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
            }
        };
    }

    public IPage Page { get; }

    /// <summary>What went wrong so far, in order.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_lock)
            {
                return [.. _problems];
            }
        }
    }

    /// <summary>Opens <c>/</c> with <paramref name="watchlist"/> in local storage and <paramref name="symbol"/> charted,
    /// as a returning visitor would have them.
    /// <paramref name="pauseTimers"/>: the page's clock stands still from the start (Playwright's clock), so no timer
    /// of the page fires: what it shows then comes from events alone.</summary>
    public static Task<DashboardPage> OpenAsync(DashboardFixture fixture, string[] watchlist, string symbol, ViewportSize? viewport = null, bool phone = false,
        bool pauseTimers = false) =>
        OpenAsync(fixture.Browser, fixture.Server, watchlist, symbol, viewport, phone, pauseTimers);

    /// <summary>Opens the dashboard of <paramref name="server"/>, as <see cref="OpenAsync(DashboardFixture, string[], string, ViewportSize?, bool, bool)"/>.</summary>
    public static async Task<DashboardPage> OpenAsync(IBrowser browser, DashboardServer server, string[] watchlist, string symbol, ViewportSize? viewport = null, bool phone = false,
        bool pauseTimers = false)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = viewport ?? Desktop,
            DeviceScaleFactor = phone ? 2 : 1,
            IsMobile = phone,
            HasTouch = phone,
        });
        context.SetDefaultTimeout(Timeout);
        // Once per context (not again on a reload): what the page keeps in local storage.
        await context.AddInitScriptAsync($$"""
            if (!sessionStorage.getItem('test.seeded')) {
              localStorage.setItem('orleansticks.watchlist', {{JsonSerializer.Serialize(JsonSerializer.Serialize(watchlist))}});
              localStorage.setItem('orleansticks.symbol', {{JsonSerializer.Serialize(symbol)}});
              localStorage.setItem('orleansticks.period', '1d');
              sessionStorage.setItem('test.seeded', '1');
            }
            """);
        var page = new DashboardPage(context, await context.NewPageAsync());
        if (pauseTimers)
        {
            var now = DateTime.UtcNow;
            await context.Clock.InstallAsync(new ClockInstallOptions { TimeDate = now });
            await context.Clock.PauseAtAsync(now.AddSeconds(1));
        }

        await page.Page.GotoAsync("/");
        return page;
    }

    // Waits go through Playwright's locator assertions: they poll in Playwright's own script world, which the page's
    // Content-Security-Policy (no eval) does not restrict, unlike WaitForFunction.
    public Task WaitForConnectionAsync(string state) =>
        Expect(Page.Locator("#connection")).ToHaveAttributeAsync("data-state", state, new() { Timeout = Timeout });

    /// <summary>Waits until the connection badge shows anything but connected.</summary>
    public Task WaitForConnectionLostAsync() =>
        Expect(Page.Locator("#connection")).Not.ToHaveAttributeAsync("data-state", "connected", new() { Timeout = Timeout });

    /// <summary>Waits until the chart shows <paramref name="period"/> of <paramref name="symbol"/>, drawn.</summary>
    public async Task WaitForChartAsync(string symbol, string period)
    {
        var chart = Page.Locator($"#chart[data-symbol=\"{symbol}\"][data-period=\"{period}\"]");
        await Expect(chart).ToHaveAttributeAsync("data-state", "ready", new() { Timeout = Timeout });
    }

    /// <summary>A data attribute of the chart (<c>candles</c>, <c>first</c>, <c>last</c>, <c>interval</c>, <c>loads</c>).</summary>
    public async Task<string> ChartAsync(string attribute) =>
        await Page.Locator("#chart").GetAttributeAsync($"data-{attribute}") ?? "";

    public async Task<long> ChartNumberAsync(string attribute) =>
        long.Parse(await ChartAsync(attribute), CultureInfo.InvariantCulture);

    /// <summary>Waits until a data attribute of the chart is no longer <paramref name="value"/>.</summary>
    public Task WaitForChartChangeAsync(string attribute, string value) =>
        Expect(Page.Locator("#chart")).Not.ToHaveAttributeAsync($"data-{attribute}", value, new() { Timeout = Timeout });

    /// <summary>The watchlist row of <paramref name="symbol"/>.</summary>
    public ILocator Row(string symbol) => Page.Locator($"#watchlist tr[data-symbol=\"{symbol}\"]");

    /// <summary>Waits until the row's price cell shows a price other than <paramref name="not"/> (null: any price).</summary>
    public async Task<string> WaitForPriceAsync(string symbol, string? not = null)
    {
        var cell = Row(symbol).Locator("td.price");
        await Expect(cell).ToHaveTextAsync(Price, new() { Timeout = Timeout });
        if (not is not null)
        {
            await Expect(cell).Not.ToHaveTextAsync(not, new() { Timeout = Timeout });
        }

        return await cell.InnerTextAsync();
    }

    /// <summary>How many price moves the row has flashed.</summary>
    public async Task<string> MovesAsync(string symbol) => await Row(symbol).GetAttributeAsync("data-moves") ?? "";

    /// <summary>Waits until the row has flashed another price move than the <paramref name="moves"/>th.</summary>
    public Task WaitForMoveAsync(string symbol, string moves) =>
        moves.Length == 0
            ? Expect(Row(symbol)).ToHaveAttributeAsync("data-moves", new Regex("^[0-9]+$"), new() { Timeout = Timeout })
            : Expect(Row(symbol)).Not.ToHaveAttributeAsync("data-moves", moves, new() { Timeout = Timeout });

    public Task WaitForVisibleAsync(string selector) =>
        Expect(Page.Locator(selector).First).ToBeVisibleAsync(new() { Timeout = Timeout });

    /// <summary>Fails with everything the page reported when it reported anything.</summary>
    public void AssertNoProblems()
    {
        var problems = Problems;
        Assert.True(problems.Count == 0, "The page reported:\n" + string.Join('\n', problems));
    }

    public async Task ScreenshotAsync(string name, ITestOutputHelper output)
    {
        var path = Path.Combine(Artifacts.Directory, name);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
        Console.WriteLine($"dashboard screenshot: {path}");
    }

    private void Report(string problem)
    {
        lock (_lock)
        {
            _problems.Add(problem);
        }
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
