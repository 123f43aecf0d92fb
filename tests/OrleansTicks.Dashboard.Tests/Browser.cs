using Microsoft.Playwright;

namespace OrleansTicks.Dashboard.Tests;

/// <summary>Debian's Chromium under Playwright: never a downloaded browser. scripts/test.sh installs the package
/// <c>chromium</c> when it is missing.</summary>
internal static class Browser
{
    /// <summary>The browser binary: <c>ORLEANSTICKS_CHROMIUM</c>, else Debian's.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("ORLEANSTICKS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"No Chromium at {ExecutablePath}: install Debian's package (apt-get install chromium; scripts/test.sh does) "
                + "or set ORLEANSTICKS_CHROMIUM to a Chromium binary.");
        }

        // Playwright gives each launch a fresh temporary --user-data-dir and adds --headless itself.
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", // the tests run as root in CI
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        });
    }
}
