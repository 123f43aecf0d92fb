using System.Collections.Concurrent;

namespace OrleansTicks.FanoutFloor;

/// <summary>Who watches each symbol (websocket mode).</summary>
internal sealed class Watchers
{
    private readonly ConcurrentDictionary<string, RawWatcher[]> _bySymbol = new(StringComparer.Ordinal);

    public void Add(string symbol, RawWatcher watcher) =>
        _bySymbol.AddOrUpdate(symbol, [watcher], (_, current) => [.. current, watcher]);

    public void Remove(string symbol, RawWatcher watcher) =>
        _bySymbol.AddOrUpdate(symbol, [], (_, current) => [.. current.Where(w => !ReferenceEquals(w, watcher))]);

    /// <summary>Writes <paramref name="frame"/> to each watcher of <paramref name="symbol"/> in turn, on this thread.</summary>
    public void Send(string symbol, byte[] frame)
    {
        if (_bySymbol.TryGetValue(symbol, out var watchers))
        {
            foreach (var watcher in watchers)
            {
                watcher.Send(frame);
            }
        }
    }
}
