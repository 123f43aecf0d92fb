using OrleansTicks.Runtime;

namespace OrleansTicks.GrainInterfaces.Regeneration;

/// <summary>A stateless worker that generates history and replaces the stored bars; a pool of them runs at most a
/// few jobs at once. Its progress goes to the job grain, not to the caller.</summary>
public interface IRegenerationWorker : IGrainWithStringKey
{
    /// <summary>The key of the (only) worker pool.</summary>
    const string PoolKey = "pool";

    /// <summary>Runs job <paramref name="jobId"/> to the end, reporting to its <see cref="IRegenerationJobGrain"/>.</summary>
    Task RunAsync(string jobId, RegenerationRequest request);
}
