using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Tests.Grains;
using OrleansTicks.Runtime.Tests.Infrastructure;

namespace OrleansTicks.Runtime.Tests.Runtime;

public sealed class CheckpointWorkItemTests
{
    [Fact]
    public async Task A_detached_checkpoint_ends_its_turn_at_once_and_completes_when_its_write_does()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<IDetachedCheckpointGrain>("open");
        await grain.TouchAsync().Within();

        var checkpoint = StartCheckpoint(silo, grain);
        await Wait.UntilAsync(() => silo.Probe.Count("open:begun") == 1, "the checkpoint turn to run");
        Assert.Equal(2, await grain.TouchAsync().Within()); // the grain takes calls while its write runs
        Assert.False(checkpoint.IsCompleted);

        silo.Probe.Open("open:write");
        await checkpoint.Within();
    }

    [Fact]
    public async Task A_detached_checkpoint_whose_write_fails_fails_and_the_grain_goes_on()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<IDetachedCheckpointGrain>("broken");
        await grain.TouchAsync().Within();

        var checkpoint = StartCheckpoint(silo, grain);
        await Wait.UntilAsync(() => silo.Probe.Count("broken:begun") == 1, "the checkpoint turn to run");
        silo.Probe.Break("broken:write", new IOException("disk gone"));

        Assert.Equal("disk gone", (await Assert.ThrowsAsync<IOException>(() => checkpoint.Within())).Message);
        Assert.Equal(2, await grain.TouchAsync().Within());
    }

    private static Task StartCheckpoint(TestSilo silo, IDetachedCheckpointGrain grain)
    {
        Assert.True(silo.Runtime.Catalog.TryGet(grain.GetGrainId(), out var activation));
        return CheckpointWorkItem.Run(activation!, CancellationToken.None);
    }
}
