using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Cluster.Transport;
using OrleansTicks.Runtime.Streams;
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

    [Fact]
    public async Task A_partition_checkpoint_that_participants_only_deferred_is_told_apart_from_one_that_failed()
    {
        await using var silo = await TestSilo.StartAsync();
        var busy = silo.Grains.GetGrain<IDetachedCheckpointGrain>("busy");
        var alsoBusy = silo.Grains.GetGrain<IDetachedCheckpointGrain>("also-busy");
        var broken = silo.Grains.GetGrain<IDetachedCheckpointGrain>("disk");
        foreach (var grain in new[] { busy, alsoBusy, broken })
        {
            await grain.TouchAsync().Within();
        }

        // As PartitionHost does: every participant's checkpoint, together.
        var deferredOnly = Task.WhenAll(StartCheckpoint(silo, busy), StartCheckpoint(silo, alsoBusy));
        var mixed = Task.WhenAll(StartCheckpoint(silo, busy), StartCheckpoint(silo, broken));
        await Wait.UntilAsync(() => silo.Probe.Count("busy:begun") == 2 && silo.Probe.Count("also-busy:begun") == 1
            && silo.Probe.Count("disk:begun") == 1, "the checkpoint turns to run");
        silo.Probe.Break("busy:write", new CheckpointDeferredException("a commit is under way"));
        silo.Probe.Break("also-busy:write", new CheckpointDeferredException("a commit is under way"));
        silo.Probe.Break("disk:write", new IOException("disk gone"));

        await Assert.ThrowsAsync<CheckpointDeferredException>(() => deferredOnly.Within());
        await Assert.ThrowsAnyAsync<Exception>(() => mixed.Within());
        Assert.True(OwnedPartition.OnlyDeferred(deferredOnly));
        Assert.False(OwnedPartition.OnlyDeferred(mixed)); // the disk failure must not hide behind the deferral
        Assert.False(OwnedPartition.OnlyDeferred(Task.CompletedTask));
    }

    private static Task StartCheckpoint(TestSilo silo, IDetachedCheckpointGrain grain)
    {
        Assert.True(silo.Runtime.Catalog.TryGet(grain.GetGrainId(), out var activation));
        return CheckpointWorkItem.Run(activation!, CancellationToken.None);
    }
}
