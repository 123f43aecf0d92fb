namespace OrleansTicks.Benchmarks.Grains;

/// <summary>The smallest useful grain call: an argument in, a result out, no state touched.</summary>
public interface IPingGrain : IGrainWithStringKey
{
    Task<int> PingAsync(int value);

    ValueTask<int> PingValueAsync(int value);
}
