using BenchmarkDotNet.Attributes;
using OrleansTicks.Benchmarks.Grains;
using OrleansTicks.Benchmarks.Infrastructure;

namespace OrleansTicks.Benchmarks;

/// <summary>In-process grain calls to warm activations whose method completes synchronously. The concurrent
/// benchmarks issue <see cref="CallsInFlight"/> calls, then await them all: one operation is one call, so Op/s is
/// calls per second and Allocated is bytes per call (the harness's Task.WhenAll adds under 0.1 B per call).</summary>
[MemoryDiagnoser]
public class GrainCallBenchmarks
{
    private const int CallsInFlight = 10_000;
    private const int GrainCount = 1_000;
    private const int SequentialCalls = 1_000;

    private readonly Task[] _pending = new Task[CallsInFlight];
    private BenchSilo _silo = null!;
    private IPingGrain[] _grains = null!;
    private IPingGrain _single = null!;

    // Synchronous on purpose: BenchmarkDotNet 0.14's in-process toolchain does not await an async [GlobalSetup]
    // (dotnet/BenchmarkDotNet#1738), and measuring must not start before the grains are warm.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _silo.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _silo = await BenchSilo.StartAsync();
        _grains = new IPingGrain[GrainCount];
        for (var i = 0; i < GrainCount; i++)
        {
            _grains[i] = _silo.Grains.GetGrain<IPingGrain>($"ping-{i}");
        }

        _single = _grains[0];
        for (var i = 0; i < GrainCount; i++)
        {
            _pending[i] = _grains[i].PingAsync(i); // activate every grain outside the measurement
        }

        await Task.WhenAll(_pending.AsSpan(0, GrainCount));
        Array.Clear(_pending);
    }

    [Benchmark(OperationsPerInvoke = CallsInFlight, Description = "Task<int>, 10k in flight over 1k grains")]
    public Task ManyGrains()
    {
        var pending = _pending;
        for (var i = 0; i < pending.Length; i++)
        {
            pending[i] = _grains[i % GrainCount].PingAsync(i);
        }

        return Task.WhenAll(pending);
    }

    [Benchmark(OperationsPerInvoke = CallsInFlight, Description = "ValueTask<int>, 10k in flight over 1k grains")]
    public Task ManyGrainsValueTask()
    {
        var pending = _pending;
        for (var i = 0; i < pending.Length; i++)
        {
            pending[i] = _grains[i % GrainCount].PingValueAsync(i).AsTask();
        }

        return Task.WhenAll(pending);
    }

    [Benchmark(OperationsPerInvoke = CallsInFlight, Description = "Task<int>, 10k pipelined to 1 grain")]
    public Task OneGrainPipelined()
    {
        var pending = _pending;
        for (var i = 0; i < pending.Length; i++)
        {
            pending[i] = _single.PingAsync(i);
        }

        return Task.WhenAll(pending);
    }

    /// <summary>One call, awaited by a caller thread that blocks until the result arrives: the latency an
    /// external caller sees, including the wake-up of its thread.</summary>
    [Benchmark(OperationsPerInvoke = 1, Description = "Task<int>, 1 awaited call (caller blocks)")]
    public int OneCall() => _single.PingAsync(1).GetAwaiter().GetResult();

    /// <summary>Calls awaited one after the other by an async caller: each call is sent only when the previous
    /// result has arrived, so this is latency, not throughput.</summary>
    [Benchmark(OperationsPerInvoke = SequentialCalls, Description = "Task<int>, 1k awaited one after another")]
    public async Task<int> SequentialAwaited()
    {
        var value = 0;
        for (var i = 0; i < SequentialCalls; i++)
        {
            value = await _single.PingAsync(value);
        }

        return value;
    }
}
