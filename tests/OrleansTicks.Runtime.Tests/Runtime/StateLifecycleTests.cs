using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.Runtime.Storage;
using OrleansTicks.Runtime.Tests.Grains;
using OrleansTicks.Runtime.Tests.Infrastructure;

namespace OrleansTicks.Runtime.Tests.Runtime;

public sealed class StateLifecycleTests
{
    private static readonly Dictionary<string, string?> QuickCollection = new()
    {
        ["Silo:CollectionAge"] = "00:02:00",
        ["Silo:CollectionQuantum"] = "00:00:30",
    };

    [Fact]
    public async Task Idle_collection_writes_state_and_reactivation_restores_it()
    {
        await using var silo = await TestSilo.StartAsync(QuickCollection);
        var grain = silo.Grains.GetGrain<IStatefulGrain>("idle");
        await grain.SetAsync(42); // in memory only: nothing has been written yet
        var first = await grain.GetInstanceIdAsync();
        await silo.WhenIdleAsync();

        silo.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(silo.Probe.Events); // not idle long enough
        silo.Clock.Advance(TimeSpan.FromMinutes(2));
        await silo.Probe.Signaled("stateful-deactivated/idle").Task.Within();
        await Wait.UntilAsync(() => silo.Runtime.Catalog.Count == 0, "the idle activation to leave the catalog");

        var stored = new GrainState<CounterState>(new CounterState());
        var storage = silo.Host.Services.GetRequiredKeyedService<IGrainStorage>("Default");
        await storage.ReadStateAsync("counter", new GrainId("stateful", "idle"), stored);
        Assert.True(stored.RecordExists);
        Assert.Equal(42, stored.State.Value);

        Assert.Equal(42, await grain.GetAsync().Within());
        Assert.NotEqual(first, await grain.GetInstanceIdAsync());
        Assert.Contains("stateful-deactivated/idle/ActivationIdle", silo.Probe.Events);
    }

    [Fact]
    public async Task Grain_in_use_is_not_collected()
    {
        await using var silo = await TestSilo.StartAsync(QuickCollection);
        var grain = silo.Grains.GetGrain<IStatefulGrain>("busy");
        var first = await grain.GetInstanceIdAsync();

        for (var i = 0; i < 10; i++)
        {
            silo.Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(first, await grain.GetInstanceIdAsync().Within());
        }
    }

    [Fact]
    public async Task Unchanged_state_is_not_written_on_deactivation()
    {
        await using var silo = await TestSilo.StartAsync(QuickCollection);
        var grain = silo.Grains.GetGrain<IStatefulGrain>("untouched");
        await grain.GetAsync();
        await silo.WhenIdleAsync();

        silo.Clock.Advance(TimeSpan.FromMinutes(3));
        await silo.Probe.Signaled("stateful-deactivated/untouched").Task.Within();
        await Wait.UntilAsync(() => silo.Runtime.Catalog.Count == 0, "deactivation to finish");

        var stored = new GrainState<CounterState>(new CounterState());
        await silo.Host.Services.GetRequiredKeyedService<IGrainStorage>("Default").ReadStateAsync("counter", new GrainId("stateful", "untouched"), stored);
        Assert.False(stored.RecordExists);
    }

    [Fact]
    public async Task Orderly_shutdown_deactivates_everything_and_writes_state()
    {
        var storage = new MemoryGrainStorage(new JsonGrainStorageSerializer());
        var silo = await TestSilo.StartAsync(services: s => s.AddKeyedSingleton<IGrainStorage>("Default", storage));
        for (var i = 0; i < 20; i++)
        {
            await silo.Grains.GetGrain<IStatefulGrain>($"shutdown-{i}").SetAsync(i + 100);
        }

        await silo.StopAsync();

        Assert.Equal(0, silo.Runtime.Catalog.Count);
        for (var i = 0; i < 20; i++)
        {
            var stored = new GrainState<CounterState>(new CounterState());
            await storage.ReadStateAsync("counter", new GrainId("stateful", $"shutdown-{i}"), stored);
            Assert.Equal(i + 100, stored.State.Value);
        }

        Assert.Equal(20, silo.Probe.Events.Count(e => e.EndsWith("/ShuttingDown", StringComparison.Ordinal)));
        await silo.DisposeAsync();
    }

    [Fact]
    public async Task Stale_etag_write_fails_the_call_and_the_next_call_rereads_the_state()
    {
        // Two silos over one store stand for the same grain activated twice.
        var storage = new MemoryGrainStorage(new JsonGrainStorageSerializer());
        await using var siloA = await TestSilo.StartAsync(services: s => s.AddKeyedSingleton<IGrainStorage>("Default", storage));
        await using var siloB = await TestSilo.StartAsync(services: s => s.AddKeyedSingleton<IGrainStorage>("Default", storage));
        var inA = siloA.Grains.GetGrain<IStatefulGrain>("contested");
        var inB = siloB.Grains.GetGrain<IStatefulGrain>("contested");
        await inA.GetAsync();
        await inB.GetAsync();

        await inA.WriteAsync(1);
        await Assert.ThrowsAsync<InconsistentStateException>(() => inB.WriteAsync(2));
        await siloB.Probe.Signaled("stateful-deactivated/contested").Task.Within();

        Assert.Equal(1, await inB.GetAsync().Within()); // a fresh activation read A's write
        await inB.WriteAsync(3);
        Assert.Equal(3, await inB.GetAsync());
    }
}
