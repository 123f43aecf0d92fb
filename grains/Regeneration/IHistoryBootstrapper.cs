using OrleansTicks.Runtime;

namespace OrleansTicks.Grains.Regeneration;

/// <summary>Gives a symbol without history generated history on first use — only with the simulated feed.</summary>
public interface IHistoryBootstrapper
{
    /// <summary>Starts the history job of <paramref name="symbol"/> if it needs one; returns its id, or null.</summary>
    Task<string?> EnsureHistoryAsync(string symbol, IGrainFactory grains, CancellationToken cancellationToken = default);
}
