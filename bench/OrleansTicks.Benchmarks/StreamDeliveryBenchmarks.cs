using BenchmarkDotNet.Attributes;
using OrleansTicks.Benchmarks.Grains;
using OrleansTicks.Benchmarks.Infrastructure;
using OrleansTicks.Runtime.Streams;

namespace OrleansTicks.Benchmarks;

/// <summary>Stream items delivered to implicitly subscribed grains. One invocation produces
/// <see cref="ItemsPerInvoke"/> items, <see cref="BatchSize"/> per <c>OnNextBatchAsync</c> (or one per
/// <c>OnNextAsync</c>), round-robin by <see cref="BatchSize"/> items over <see cref="StreamCount"/> streams (one
/// grain each), and completes when the grains have consumed them all. One operation is one item: Op/s is items
/// per second and Allocated is bytes per item.</summary>
[MemoryDiagnoser]
public class StreamDeliveryBenchmarks
{
    private const int ItemsPerInvoke = 1_000_000;
    private const int BatchSize = 1_000;
    private const long BatchSum = (long)BatchSize * (BatchSize + 1) / 2;

    private readonly long[] _batch = new long[BatchSize];
    private BenchSilo _silo = null!;
    private IAsyncStream<long>[] _streams = null!;

    [Params(1, 100)]
    public int StreamCount { get; set; }

    // Synchronous on purpose: BenchmarkDotNet 0.14's in-process toolchain does not await an async [GlobalSetup]
    // (dotnet/BenchmarkDotNet#1738), and measuring must not start before the grains are warm.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _silo.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        for (var i = 0; i < BatchSize; i++)
        {
            _batch[i] = i + 1;
        }

        _silo = await BenchSilo.StartAsync();
        _streams = new IAsyncStream<long>[StreamCount];
        for (var i = 0; i < StreamCount; i++)
        {
            _streams[i] = _silo.Streams.GetStream<long>(StreamId.Create(StreamSumGrain.StreamNamespace, $"s{i}"));
        }

        await ProduceAndConsume(); // activates the grains and sizes the stream buffers outside the measurement
    }

    [Benchmark(OperationsPerInvoke = ItemsPerInvoke, Description = "long items, batches of 1000")]
    public async Task ProduceAndConsume()
    {
        const int batches = ItemsPerInvoke / BatchSize;
        var consumed = _silo.Deliveries.Expect(ItemsPerInvoke, batches * BatchSum);
        var items = new ReadOnlyMemory<long>(_batch);
        var streams = _streams;
        for (var i = 0; i < batches; i++)
        {
            await streams[i % streams.Length].OnNextBatchAsync(items);
        }

        await consumed;
    }

    /// <summary>The same items produced one per <c>OnNextAsync</c> call: what a feed that does not batch pays.</summary>
    [Benchmark(OperationsPerInvoke = ItemsPerInvoke, Description = "long items, one per OnNextAsync")]
    public async Task ProduceOneByOneAndConsume()
    {
        var consumed = _silo.Deliveries.Expect(ItemsPerInvoke, ItemsPerInvoke / BatchSize * BatchSum);
        var values = _batch;
        var streams = _streams;
        for (var i = 0; i < ItemsPerInvoke; i++)
        {
            await streams[i / BatchSize % streams.Length].OnNextAsync(values[i % BatchSize]);
        }

        await consumed;
    }
}
