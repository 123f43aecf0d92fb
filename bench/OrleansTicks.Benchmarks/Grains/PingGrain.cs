namespace OrleansTicks.Benchmarks.Grains;

/// <summary>Completes every call synchronously: the common fast path, so the benchmark measures the runtime's
/// cost per call and nothing of the grain's own.</summary>
public sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> PingAsync(int value) => Task.FromResult(value + 1);

    public ValueTask<int> PingValueAsync(int value) => new(value + 1);
}
