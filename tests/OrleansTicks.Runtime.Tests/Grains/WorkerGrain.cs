using OrleansTicks.Runtime.Tests.Infrastructure;

namespace OrleansTicks.Runtime.Tests.Grains;

public interface IWorkerGrain : IGrainWithStringKey
{
    Task WorkAsync(string gate);
}

[StatelessWorker(3)]
public sealed class WorkerGrain(Probe probe) : Grain, IWorkerGrain
{
    private static int _running;
    private static int _maxRunning;

    public static int MaxRunning => Volatile.Read(ref _maxRunning);

    public static void Reset() => (_running, _maxRunning) = (0, 0);

    public async Task WorkAsync(string gate)
    {
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, running);
        probe.Increment("worker/started");
        await probe.Gate(gate);
        Interlocked.Decrement(ref _running);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
