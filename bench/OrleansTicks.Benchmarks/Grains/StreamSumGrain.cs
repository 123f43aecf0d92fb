using OrleansTicks.Runtime.Streams;

namespace OrleansTicks.Benchmarks.Grains;

/// <summary>Implicitly subscribed to the stream namespace <c>bench</c>: adds up every item it receives and
/// reports each batch to the <see cref="DeliveryCounter"/>. Completes synchronously, like a grain that
/// aggregates ticks in memory.</summary>
[ImplicitStreamSubscription(StreamNamespace)]
public sealed class StreamSumGrain(DeliveryCounter counter) : Grain, IAsyncBatchObserver<long>
{
    public const string StreamNamespace = "bench";

    private long _total;

    public Task OnNextBatchAsync(StreamBatch<long> batch, CancellationToken cancellationToken = default)
    {
        long sum = 0;
        foreach (var item in batch.Items.Span)
        {
            sum += item;
        }

        _total += sum;
        counter.OnConsumed(batch.Count, sum);
        return Task.CompletedTask;
    }
}
