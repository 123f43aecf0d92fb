using OrleansTicks.Runtime;

namespace OrleansTicks.GrainInterfaces.Regeneration;

/// <summary>The requester of a regeneration: told of progress and, once, of the end.</summary>
public interface IRegenerationObserver : IGrainObserver
{
    /// <summary>The job made progress (at most a few times a second).</summary>
    Task OnRegenerationProgressAsync(RegenerationStatus status);

    /// <summary>The job completed or failed; <see cref="RegenerationStatus.State"/> says which.</summary>
    Task OnRegenerationFinishedAsync(RegenerationStatus status);
}
