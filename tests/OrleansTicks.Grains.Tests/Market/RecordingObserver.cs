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

    public Task OnQuoteAsync(Quote quote)
    {
        Quotes.Enqueue(quote);
        Sequences.Enqueue(quote.Sequence);
        return Task.CompletedTask;
    }

    public Task OnBarAsync(BarUpdate update)
    {
        Bars.Enqueue(update);
        Sequences.Enqueue(update.Sequence);
        return Task.CompletedTask;
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
}
