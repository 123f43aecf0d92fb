namespace OrleansTicks.Api.Tests.Live;

public sealed class LiveSettingsTests
{
    [Theory]
    [InlineData("Hub:MaxQuotesPerSecond", "-1", "Hub:MaxQuotesPerSecond")]
    [InlineData("Hub:MaxSymbolsPerConnection", "0", "Hub:MaxSymbolsPerConnection")]
    [InlineData("Hub:MaxPendingMessages", "0", "Hub:MaxPendingMessages")]
    [InlineData("Hub:RenewInterval", "00:01:30", "Market:SubscriptionExpiry")]
    public async Task Bad_hub_setting_stops_the_process_at_start_naming_the_setting(string key, string value, string named)
    {
        await using var factory = new TicksApiFactory().With("Feed:Kind", "none").With(key, value);

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }
}
