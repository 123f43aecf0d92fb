using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Feeds.Replay;
using OrleansTicks.Grains.Feeds.Simulator;

namespace OrleansTicks.Grains.Tests.Feeds;

public sealed class FeedRegistrationTests
{
    [Fact]
    public void AddSimulatorFeed_binds_Feed_Simulator_and_registers_the_connector()
    {
        using var services = Build(new() { ["Feed:Simulator:Seed"] = "7", ["Feed:Simulator:SymbolCount"] = "3" }, s => s.AddSimulatorFeed());

        var connector = Assert.IsType<SimulatorFeedConnector>(services.GetRequiredService<IFeedConnector>());

        Assert.Equal(3, connector.ProvidedSymbols.Count);
        Assert.Equal("seed 7, 3 symbols, 2000 trades/s", connector.GetStatus().Source);
    }

    [Fact]
    public void A_symbol_list_given_as_one_comma_separated_value_is_read_like_a_list()
    {
        using var services = Build(new() { ["Feed:Simulator:Symbols"] = "MSFT, aapl,,NVDA" }, s => s.AddSimulatorFeed());

        var connector = Assert.IsType<SimulatorFeedConnector>(services.GetRequiredService<IFeedConnector>());

        Assert.Equal(["AAPL", "MSFT", "NVDA"], connector.ProvidedSymbols.Select(s => s.Symbol).Order());
    }

    [Fact]
    public void A_comma_separated_symbol_list_is_validated_like_a_list()
    {
        using var services = Build(new() { ["Feed:Simulator:Symbols"] = "MSFT,NOPE" }, s => s.AddSimulatorFeed());

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SimulatorOptions>>().Value);

        Assert.StartsWith("Feed:Simulator:Symbols may only name S&P 500 constituents", error.Message, StringComparison.Ordinal);
        Assert.Contains("NOPE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSimulatorFeed_with_a_bad_setting_fails_naming_it()
    {
        using var services = Build(new() { ["Feed:Simulator:BatchSize"] = "0" }, s => s.AddSimulatorFeed());

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SimulatorOptions>>().Value);

        Assert.Equal("Feed:Simulator:BatchSize must be between 1 and 65536; it is 0.", error.Message);
    }

    [Fact]
    public void AddReplayFeed_binds_Feed_Replay_and_validates_the_path()
    {
        using var services = Build(new() { ["Feed:Replay:Path"] = "missing.csv", ["Feed:Replay:Symbol"] = "SPY" }, s => s.AddReplayFeed());

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IFeedConnector>());

        Assert.StartsWith("Feed:Replay:Path 'missing.csv' is not a file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddReplayFeed_registers_the_replay_of_the_configured_symbol()
    {
        using var services = Build(new() { ["Feed:Replay:Path"] = HistoryFiles.Daily("SPY"), ["Feed:Replay:Symbol"] = "SPY", ["Feed:Replay:Speed"] = "0" }, s => s.AddReplayFeed());

        var connector = Assert.IsType<ReplayFeedConnector>(services.GetRequiredService<IFeedConnector>());

        Assert.Equal("SPY", connector.ProvidedSymbols.Single().Symbol);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection> add)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        add(services);
        return services.BuildServiceProvider();
    }
}
