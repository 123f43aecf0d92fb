using System.Collections.Concurrent;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Runtime;

namespace OrleansTicks.Api.Rest;

/// <summary>Asks a symbol grain once per symbol to make sure it has history (<see cref="ISymbolGrain.EnsureHistoryAsync"/>:
/// with the simulated feed, a symbol without history before the feed started gets generated history; with a real or
/// replayed feed nothing happens). Once a symbol answers that nothing is needed it is not asked again, so searches
/// cost no extra call after the first; while its job runs, it is asked again and answers the same job.</summary>
public sealed class HistoryOnFirstUse(IGrainFactory grains, ILogger<HistoryOnFirstUse> logger)
{
    // Bounded by the directory's size: only known symbols get here.
    private readonly ConcurrentDictionary<string, byte> _settled = new(StringComparer.Ordinal);

    /// <summary>The id of the job generating <paramref name="symbol"/>'s history, or null when it needs none.</summary>
    public async Task<string?> EnsureAsync(string symbol)
    {
        if (_settled.ContainsKey(symbol))
        {
            return null;
        }

        var jobId = await grains.GetGrain<ISymbolGrain>(symbol).EnsureHistoryAsync();
        if (jobId is null)
        {
            _settled.TryAdd(symbol, 0);
        }
        else
        {
            RestLog.HistoryRequested(logger, symbol, jobId);
        }

        return jobId;
    }
}
