using Microsoft.Extensions.Options;
using OrleansTicks.Runtime.Tests.Grains;
using OrleansTicks.Runtime.Tests.Infrastructure;

namespace OrleansTicks.Runtime.Tests.Runtime;

public interface INotImplementedGrain : IGrainWithStringKey
{
    Task PingAsync();
}

public sealed class BadInputTests
{
    [Fact]
    public async Task Null_or_empty_key_is_rejected_with_ArgumentException()
    {
        await using var silo = await TestSilo.StartAsync();

        Assert.Throws<ArgumentNullException>(() => silo.Grains.GetGrain<ISlowGrain>(null!));
        var empty = Assert.Throws<ArgumentException>(() => silo.Grains.GetGrain<ISlowGrain>(""));
        Assert.Contains("must not be empty", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interface_without_a_grain_class_is_rejected_naming_the_fix()
    {
        await using var silo = await TestSilo.StartAsync();

        var error = Assert.Throws<ArgumentException>(() => silo.Grains.GetGrain<INotImplementedGrain>("x"));

        Assert.Contains(nameof(INotImplementedGrain), error.Message, StringComparison.Ordinal);
        Assert.Contains("AddGrainsFromAssembly", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_after_shutdown_fail_with_SiloUnavailableException()
    {
        var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ISlowGrain>("late");
        await grain.PingAsync();

        await silo.StopAsync();

        await Assert.ThrowsAsync<SiloUnavailableException>(() => grain.PingAsync().Within());
        Assert.Throws<SiloUnavailableException>(() => silo.Grains.GetGrain<ISlowGrain>("later"));
        await silo.DisposeAsync();
    }

    [Theory]
    [InlineData("Silo:ResponseTimeout", "-00:00:01", "Silo:ResponseTimeout")]
    [InlineData("Silo:CollectionAge", "00:00:00", "Silo:CollectionAge")]
    [InlineData("Silo:TurnBudget", "0", "Silo:TurnBudget")]
    [InlineData("Streams:memory:MaxBufferedItems", "0", "Streams:memory:MaxBufferedItems")]
    public async Task Bad_setting_stops_the_silo_at_start_naming_the_setting(string key, string value, string named)
    {
        using var host = TestSilo.Build(new() { [key] = value }, services: null, new ManualTimeProvider());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unparsable_setting_stops_the_silo_at_start_naming_the_setting()
    {
        using var host = TestSilo.Build(new() { ["Silo:ResponseTimeout"] = "soon" }, services: null, new ManualTimeProvider());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("Silo:ResponseTimeout", error.Message, StringComparison.Ordinal);
    }
}
