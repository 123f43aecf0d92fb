namespace OrleansTicks.Runtime.Tests.Cluster.Leadership;

/// <summary>The work of a role in the tests: it runs until its token is cancelled and records who ran it, how many
/// runs overlapped and whether every run saw its cancellation. <see cref="FailFirstRuns"/> makes the first runs throw.</summary>
public sealed class LeaderWork
{
    private readonly Lock _lock = new();
    private readonly List<string> _starts = [];
    private readonly Dictionary<string, int> _cancelled = [];
    private int _running;
    private int _maxRunning;

    /// <summary>How many runs (counted over all contenders) throw at once instead of running.</summary>
    public int FailFirstRuns { get; init; }

    public int Running => Volatile.Read(ref _running);

    public int MaxRunning => Volatile.Read(ref _maxRunning);

    public IReadOnlyList<string> Starts
    {
        get
        {
            lock (_lock)
            {
                return [.. _starts];
            }
        }
    }

    public int CancelledRuns(string contender)
    {
        lock (_lock)
        {
            return _cancelled.GetValueOrDefault(contender);
        }
    }

    public Func<CancellationToken, Task> For(string contender) => cancellationToken => RunAsync(contender, cancellationToken);

    private async Task RunAsync(string contender, CancellationToken cancellationToken)
    {
        int run;
        lock (_lock)
        {
            _starts.Add(contender);
            run = _starts.Count;
        }

        if (run <= FailFirstRuns)
        {
            throw new InvalidOperationException($"run {run} of the work fails on purpose");
        }

        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, running);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            lock (_lock)
            {
                _cancelled[contender] = _cancelled.GetValueOrDefault(contender) + 1;
            }

            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static void InterlockedMax(ref int location, int value)
    {
        var current = Volatile.Read(ref location);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
