using System.Collections.Concurrent;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.GrainInterfaces.Regeneration;

namespace OrleansTicks.Grains.Tests.Market;

/// <summary>Records what symbol grains and regeneration jobs tell their observers.</summary>
public sealed class RecordingObserver : ISymbolObserver, IRegenerationObserver
{
    public ConcurrentQueue<Quote> Quotes { get; } = new();

    public ConcurrentQueue<BarUpdate> Bars { get; } = new();

    /// <summary>The sequence numbers of quotes and bars, in the order they arrived.</summary>
    public ConcurrentQueue<long> Sequences { get; } = new();

    public ConcurrentQueue<RegenerationStatus> Progress { get; } = new();

    public TaskCompletionSource<RegenerationStatus> Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The notifications, in the order they arrived.</summary>
    public ConcurrentQueue<SymbolUpdate> Updates { get; } = new();

    public void OnUpdate(SymbolUpdate update)
    {
        // Quotes, bars and numbers are recorded in number order, as a consumer applies them.
        var quoteRecorded = update.Quote is null;
        foreach (var bar in update.Bars)
        {
            if (!quoteRecorded && update.Quote!.Sequence < bar.Sequence)
            {
                Record(update.Quote);
                quoteRecorded = true;
            }

            Bars.Enqueue(bar);
            Sequences.Enqueue(bar.Sequence);
        }

        if (!quoteRecorded)
        {
            Record(update.Quote!);
        }

        Updates.Enqueue(update); // last: a test that sees the update sees its quotes and bars too
    }

    public Task OnRegenerationProgressAsync(RegenerationStatus status)
    {
        Progress.Enqueue(status);
        return Task.CompletedTask;
    }

    public Task OnRegenerationFinishedAsync(RegenerationStatus status)
    {
        Finished.TrySetResult(status);
        return Task.CompletedTask;
    }

    private void Record(Quote quote)
    {
        Quotes.Enqueue(quote);
        Sequences.Enqueue(quote.Sequence);
    }
}
