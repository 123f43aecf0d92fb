using OrleansTicks.Runtime;

namespace OrleansTicks.GrainInterfaces.Regeneration;

/// <summary>One regeneration job (key: the job id). It keeps the job's status in grain storage, hands the work to a
/// <see cref="IRegenerationWorker"/> and tells its observers of progress and of the end.</summary>
public interface IRegenerationJobGrain : IGrainWithStringKey
{
    /// <summary>Queues the job (once: a second call returns the status of the first) and subscribes
    /// <paramref name="observer"/>, if given, to its progress and end.</summary>
    Task<RegenerationStatus> StartAsync(RegenerationRequest request, IRegenerationObserver? observer);

    /// <summary>The job's status; null when no job has this id.</summary>
    Task<RegenerationStatus?> GetStatusAsync();

    /// <summary>Subscribes an observer; one that subscribes after the end is told of it at once.</summary>
    Task SubscribeAsync(IRegenerationObserver observer);

    /// <summary>Called by the worker: it started.</summary>
    Task ReportStartedAsync(DateTime from, DateTime to);

    /// <summary>Called by the worker: bars generated so far, and the fraction done.</summary>
    Task ReportProgressAsync(long barCount, double progress);

    /// <summary>Called by the worker: the job ended; <paramref name="error"/> is null on success.</summary>
    Task ReportFinishedAsync(long barCount, string? error);
}
