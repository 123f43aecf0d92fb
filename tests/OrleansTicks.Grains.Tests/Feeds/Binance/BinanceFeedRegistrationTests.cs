using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Feeds.Binance;
using OrleansTicks.Grains.Feeds.Demand;

namespace OrleansTicks.Grains.Tests.Feeds.Binance;

public sealed class BinanceFeedRegistrationTests
{
    [Fact]
    public void AddBinanceFeed_provides_Feed_Symbols_and_the_default_pairs_as_crypto_on_Binance()
    {
        using var services = Build(new() { ["Feed:Symbols:0"] = "pepeusdt" });

        var connector = Assert.IsType<BinanceFeedConnector>(services.GetRequiredService<IFeedConnector>());

        Assert.Equal(["PEPEUSDT", .. BinanceOptions.DefaultSymbols], connector.ProvidedSymbols.Select(s => s.Symbol));
        var btc = connector.ProvidedSymbols.Single(s => s.Symbol == "BTCUSDT");
        Assert.Equal(("BTC/USDT", "BTC/USDT on Binance", "Crypto", "BINANCE", "binance"), (btc.DisplaySymbol, btc.Description, btc.Type, btc.Exchange, btc.Source));
        Assert.Equal("wss://stream.binance.com:9443/ws", connector.GetStatus().Source);
        Assert.Equal(TimeSpan.FromHours(23), services.GetRequiredService<IOptions<BinanceOptions>>().Value.MaxConnectionAge);
    }

    [Fact]
    public void AddBinanceFeed_binds_its_section_with_the_shared_connection_settings()
    {
        using var services = Build(new()
        {
            ["Feed:Url"] = "ws://127.0.0.1:9000/stream",
            ["Feed:Binance:Stream"] = "aggTrade",
            ["Feed:Binance:Symbols:0"] = "DOGEUSDT",
            ["Feed:Binance:StallTimeout"] = "00:00:45",
        });

        var connector = Assert.IsType<BinanceFeedConnector>(services.GetRequiredService<IFeedConnector>());

        Assert.Equal(["DOGEUSDT"], connector.ProvidedSymbols.Select(s => s.Symbol));
        Assert.True(connector.Protocol.Endpoint.Combined);
        Assert.Equal("dogeusdt@aggTrade", connector.Protocol.StreamOf("DOGEUSDT"));
        Assert.Equal(TimeSpan.FromSeconds(45), services.GetRequiredService<IOptions<BinanceOptions>>().Value.StallTimeout);
    }

    [Theory]
    [InlineData("Feed:Binance:ReconnectMaxDelay", "00:00:00.5", "Feed:Binance:ReconnectMaxDelay is 00:00:00.5000000; it must not be below Feed:Binance:ReconnectMinDelay (00:00:01).")]
    [InlineData("Feed:Binance:ConnectTimeout", "00:00:00", "Feed:Binance:ConnectTimeout is 00:00:00; it must be positive.")]
    [InlineData("Feed:Binance:MaxConnectionAge", "00:00:10", "Feed:Binance:MaxConnectionAge is 00:00:10; it must be 0 (no limit) or at least a minute.")]
    [InlineData("Feed:Binance:BatchSize", "0", "Feed:Binance:BatchSize must be between 1 and 65536; it is 0.")]
    [InlineData("Feed:Binance:MaxStreamsPerMessage", "2000", "Feed:Binance:MaxStreamsPerMessage must be between 1 and 1024; it is 2000.")]
    [InlineData("Feed:Binance:Symbols:0", "BTC USDT", "Feed:Binance:Symbols: the symbol 'BTC USDT' contains white space or a control character.")]
    [InlineData("Feed:Url", "https://api.binance.com", "Feed:Url is 'https://api.binance.com/'; the binance feed needs a ws:// or wss:// address (default wss://stream.binance.com:9443).")]
    public void AddBinanceFeed_with_a_bad_setting_fails_at_start_naming_it(string key, string value, string expected)
    {
        using var services = Build(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<BinanceOptions>>().Value);

        Assert.Equal(expected, error.Message);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddOptions<FeedOptions>().BindConfiguration(FeedOptions.SectionName);
        services.AddSingleton<IFeedDemand, FeedDemand>();
        services.AddBinanceFeed();
        return services.BuildServiceProvider();
    }
}
