using OrleansTicks.GrainInterfaces.Regeneration;

namespace OrleansTicks.Benchmarks.Ingestion;

/// <summary>Waits for a regeneration job's end.</summary>
internal sealed class RecordingRegenerationObserver : IRegenerationObserver
{
    public TaskCompletionSource<RegenerationStatus> Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task OnRegenerationProgressAsync(RegenerationStatus status) => Task.CompletedTask;

    public Task OnRegenerationFinishedAsync(RegenerationStatus status)
    {
        Finished.TrySetResult(status);
        return Task.CompletedTask;
    }
}
