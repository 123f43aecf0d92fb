using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Streams;
using OrleansTicks.Runtime.Tests.Infrastructure;

namespace OrleansTicks.Runtime.Tests.Grains;

public sealed record NumbersReport(long Count, int Batches, int OrderViolations, int SequenceGaps, long Last);

public interface INumberStreamGrain : IGrainWithStringKey
{
    Task<NumbersReport> GetReportAsync();
}

/// <summary>Receives stream "numbers/{key}" whose producer sends 0, 1, 2, ...: checks that values and stream
/// sequence numbers both arrive contiguous and in order.</summary>
[ImplicitStreamSubscription("numbers")]
public sealed class NumberStreamGrain(Probe probe) : Grain, INumberStreamGrain, IAsyncBatchObserver<long>
{
    private long _count;
    private int _batches;
    private int _orderViolations;
    private int _sequenceGaps;
    private long _last = -1;
    private long _nextSequence;

    public async Task OnNextBatchAsync(StreamBatch<long> batch, CancellationToken cancellationToken = default)
    {
        _batches++;
        if (batch.FirstSequenceNumber != _nextSequence)
        {
            _sequenceGaps++;
        }

        _nextSequence = batch.FirstSequenceNumber + batch.Count;
        foreach (var value in batch.Items.Span)
        {
            if (value != _last + 1)
            {
                _orderViolations++;
            }

            _last = value;
            _count++;
        }

        if (_batches % 7 == 0)
        {
            await Task.Yield(); // an asynchronous delivery now and then must not reorder anything
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Events.Enqueue($"numbers/{GetPrimaryKeyString()}/deactivated-with/{_count}");
        return Task.CompletedTask;
    }

    public Task<NumbersReport> GetReportAsync() => Task.FromResult(new NumbersReport(_count, _batches, _orderViolations, _sequenceGaps, _last));
}
