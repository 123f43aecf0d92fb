using OrleansTicks.Grains.Feeds.Simulator;

namespace OrleansTicks.Grains.Tests.Feeds.Simulator;

public sealed class SimulatorOptionsValidatorTests
{
    [Fact]
    public void Default_options_are_valid()
    {
        Assert.True(new SimulatorOptionsValidator().Validate(null, new SimulatorOptions()).Succeeded);
    }

    [Theory]
    [InlineData(-1, 256, 0, "Feed:Simulator:TradesPerSecond must be 0 (as fast as possible) or a rate up to 100,000,000; it is -1.")]
    [InlineData(2_000, 0, 0, "Feed:Simulator:BatchSize must be between 1 and 65536; it is 0.")]
    [InlineData(2_000, 65_537, 0, "Feed:Simulator:BatchSize must be between 1 and 65536; it is 65537.")]
    [InlineData(2_000, 256, -3, "Feed:Simulator:SymbolCount must be 0 (all symbols) or a positive limit; it is -3.")]
    public void Out_of_range_settings_fail_with_a_message_naming_the_setting(int tradesPerSecond, int batchSize, int symbolCount, string message)
    {
        var result = new SimulatorOptionsValidator().Validate(null, new SimulatorOptions { TradesPerSecond = tradesPerSecond, BatchSize = batchSize, SymbolCount = symbolCount });

        Assert.True(result.Failed);
        Assert.Equal([message], result.Failures);
    }

    [Fact]
    public void Symbols_outside_the_SP_500_or_repeated_fail_with_their_names()
    {
        var result = new SimulatorOptionsValidator().Validate(null, new SimulatorOptions { Symbols = ["AAPL", "BTCUSDT", "aapl", ""] });

        Assert.Equal(
            [
                "Feed:Simulator:Symbols may only name S&P 500 constituents (e.g. AAPL, MSFT, BRK.B); not constituents: 'BTCUSDT', ''.",
                "Feed:Simulator:Symbols names aapl more than once.",
            ],
            result.Failures);
    }
}
