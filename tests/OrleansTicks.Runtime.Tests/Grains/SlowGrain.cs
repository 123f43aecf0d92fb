using OrleansTicks.Runtime.Tests.Infrastructure;

namespace OrleansTicks.Runtime.Tests.Grains;

public interface ISlowGrain : IGrainWithStringKey
{
    Task WaitForCancellationAsync(CancellationToken cancellationToken);

    Task WaitForGateAsync(string gate);

    Task<int> PingAsync();
}

public sealed class SlowGrain(Probe probe) : Grain, ISlowGrain
{
    private int _pings;

    public async Task WaitForCancellationAsync(CancellationToken cancellationToken)
    {
        try
        {
            probe.Signal($"{GetPrimaryKeyString()}/entered");
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        finally
        {
            probe.Signal($"{GetPrimaryKeyString()}/cancelled");
        }
    }

    public Task WaitForGateAsync(string gate)
    {
        probe.Signal($"{GetPrimaryKeyString()}/entered");
        return probe.Gate(gate);
    }

    public Task<int> PingAsync() => Task.FromResult(++_pings);
}
