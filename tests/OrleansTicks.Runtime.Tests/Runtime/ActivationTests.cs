using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansTicks.Runtime.Tests.Grains;
using OrleansTicks.Runtime.Tests.Infrastructure;

namespace OrleansTicks.Runtime.Tests.Runtime;

public sealed class ActivationTests
{
    [Fact]
    public async Task First_calls_racing_for_one_key_create_exactly_one_activation()
    {
        await using var silo = await TestSilo.StartAsync();
        for (var round = 0; round < 20; round++)
        {
            var key = $"race-{round}";
            using var start = new ManualResetEventSlim();
            var callers = Enumerable.Range(0, 64).Select(_ => Task.Run(() =>
            {
                start.Wait();
                return silo.Grains.GetGrain<ILifecycleGrain>(key).GetInstanceIdAsync();
            })).ToArray();
            start.Set();

            var ids = await Task.WhenAll(callers).Within();

            Assert.Single(ids.Distinct());
            Assert.Equal(1, silo.Probe.Count($"constructed/{key}"));
        }
    }

    [Fact]
    public async Task Exception_in_grain_method_reaches_the_caller_and_the_activation_survives()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("thrower");
        var before = await grain.GetInstanceIdAsync();

        var asyncFailure = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.ThrowAsync("boom"));
        var syncFailure = await Assert.ThrowsAsync<ArgumentException>(() => grain.ThrowSynchronously("bang"));

        Assert.Equal("boom", asyncFailure.Message);
        Assert.Equal("bang", syncFailure.Message);
        Assert.Equal(before, await grain.GetInstanceIdAsync());
        Assert.Equal(1, silo.Probe.Count("constructed/thrower"));
    }

    [Fact]
    public async Task Failed_activation_fails_the_call_and_the_next_call_activates_afresh()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("fail-once");

        var failure = await Assert.ThrowsAsync<GrainActivationException>(() => grain.GetInstanceIdAsync());
        Assert.Contains("activation refused", failure.Message, StringComparison.Ordinal);

        silo.Probe.Increment("allow/fail-once");
        await grain.GetInstanceIdAsync().Within();
        Assert.Equal(2, silo.Probe.Count("constructed/fail-once"));
        Assert.Equal(1, silo.Probe.Count("activated/fail-once"));
    }

    [Fact]
    public async Task DeactivateOnIdle_ends_the_activation_and_the_next_call_gets_a_new_one()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("bye");
        var first = await grain.GetInstanceIdAsync();

        await grain.DeactivateAsync();
        await silo.Probe.Signaled("deactivated/bye").Task.Within();
        var second = await grain.GetInstanceIdAsync().Within();

        Assert.NotEqual(first, second);
        Assert.Contains("deactivated/bye/ApplicationRequested", silo.Probe.Events);
    }

    [Fact]
    public async Task Calls_queued_behind_DeactivateOnIdle_are_served_by_the_next_activation()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("handover");
        await grain.GetInstanceIdAsync();

        var deactivate = grain.DeactivateAsync();
        var queued = Enumerable.Range(0, 50).Select(_ => grain.GetInstanceIdAsync()).ToArray();
        await deactivate;
        var ids = await Task.WhenAll(queued).Within();

        Assert.All(ids, id => Assert.NotEqual(Guid.Empty, id));
        Assert.Equal(2, silo.Probe.Count("constructed/handover"));
    }
}

public sealed class SiloWithoutStorageTests
{
    [Fact]
    public async Task Grain_without_persistent_state_activates_in_a_silo_without_storage()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new Microsoft.Extensions.Hosting.HostApplicationBuilderSettings());
        builder.Services.AddSingleton<Probe>();
        builder.Services.AddLogging();
        builder.UseOrleansTicks(silo => silo.AddGrain<LifecycleGrain>());
        using var host = builder.Build();
        await host.StartAsync();

        var id = await host.Services.GetRequiredService<IGrainFactory>().GetGrain<ILifecycleGrain>("no-storage").GetInstanceIdAsync().Within();

        Assert.NotEqual(Guid.Empty, id);
        await host.StopAsync();
    }
}
