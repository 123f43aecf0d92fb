using OrleansTicks.Runtime.Streams;
using OrleansTicks.Runtime.Tests.Infrastructure;

namespace OrleansTicks.Runtime.Tests.Grains;

public interface IDetachedCheckpointGrain : IGrainWithStringKey
{
    /// <summary>Counts the calls this activation has taken.</summary>
    Task<int> TouchAsync();
}

/// <summary>A detached checkpoint participant whose write is the probe's gate <c>{key}:write</c>: the test decides when
/// (and whether) it completes.</summary>
public sealed class DetachedCheckpointGrain(Probe probe) : Grain, IDetachedCheckpointGrain, IDetachedCheckpointParticipant
{
    private int _touched;

    public Task<int> TouchAsync() => Task.FromResult(++_touched);

    public Task BeginCheckpoint()
    {
        probe.Increment($"{GetPrimaryKeyString()}:begun");
        return probe.Gate($"{GetPrimaryKeyString()}:write");
    }
}
