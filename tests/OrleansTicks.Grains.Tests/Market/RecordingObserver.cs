using System.Collections.Concurrent;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.GrainInterfaces.Regeneration;

namespace OrleansTicks.Grains.Tests.Market;

/// <summary>Records what symbol grains and regeneration jobs tell their observers.</summary>
public sealed class RecordingObserver : ISymbolObserver, IRegenerationObserver
{
    public ConcurrentQueue<Quote> Quotes { get; } = new();

    public ConcurrentQueue<BarUpdate> Bars { get; } = new();

    public ConcurrentQueue<RegenerationStatus> Progress { get; } = new();

    public TaskCompletionSource<RegenerationStatus> Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task OnQuoteAsync(Quote quote)
    {
        Quotes.Enqueue(quote);
        return Task.CompletedTask;
    }

    public Task OnBarAsync(BarUpdate update)
    {
        Bars.Enqueue(update);
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
