namespace OrleansTicks.Benchmarks.Grains;

/// <summary>Counts the stream items the benchmark grains consumed and completes a task when an expected number
/// has arrived, so a benchmark waits for delivery without polling. Updated once per delivered batch, never per
/// item. It also adds up the items' values, so a lost or duplicated batch fails the benchmark instead of
/// passing unnoticed.</summary>
public sealed class DeliveryCounter
{
    private long _remaining;
    private long _sum;
    private long _expectedSum;
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts a round: the returned task completes when <paramref name="items"/> items whose values add
    /// up to <paramref name="expectedSum"/> have been consumed, and faults if the values don't add up.</summary>
    public Task Expect(long items, long expectedSum)
    {
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _expectedSum = expectedSum;
        Interlocked.Exchange(ref _sum, 0);
        Interlocked.Exchange(ref _remaining, items); // last: it publishes the fields above to the consumers
        return _done.Task;
    }

    public void OnConsumed(int items, long sum)
    {
        Interlocked.Add(ref _sum, sum);
        var remaining = Interlocked.Add(ref _remaining, -items);
        if (remaining > 0)
        {
            return;
        }

        var total = Interlocked.Read(ref _sum);
        if (remaining == 0 && total == _expectedSum)
        {
            _done.TrySetResult();
        }
        else
        {
            _done.TrySetException(new InvalidOperationException($"Delivery mismatch: {-remaining} items too many, sum {total} instead of {_expectedSum}."));
        }
    }
}
