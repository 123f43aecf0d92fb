using Microsoft.Playwright;

namespace OrleansTicks.Dashboard.Tests;

/// <summary>One server and one browser for the dashboard tests (both take seconds to start); each test opens its own
/// browser context, so local storage and connections are its own.</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public DashboardServer Server { get; } = new();

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        await Server.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await Tests.Browser.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}
