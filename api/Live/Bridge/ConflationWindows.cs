using OrleansTicks.Api.Live.Outbox;

namespace OrleansTicks.Api.Live.Bridge;

/// <summary>The conflation timer's windows, shared by every symbol watch of a node: a conflated kind of update (quotes,
/// partial bars) leaves a watch at most once per window. The timer starts each window and then sends what waited, for
/// all symbols at once, so a connection gets the pending updates of all its symbols in one write; a symbol that had
/// nothing waiting sends its first update of a window at once. Windows are <c>1 s / Hub:MaxQuotesPerSecond</c> long.</summary>
internal sealed class ConflationWindows
{
    private long _current;

    /// <summary>The number of the current window.</summary>
    public long Current => Volatile.Read(ref _current);

    /// <summary>The timer's tick: starts the next window and sends what waited in <paramref name="watches"/>, all in one
    /// <see cref="DeferredWakes"/> scope, so that each connection's loop wakes once and writes its symbols' updates
    /// together.</summary>
    public void Tick(IEnumerable<SymbolWatch> watches)
    {
        Interlocked.Increment(ref _current);
        using var wakes = DeferredWakes.Begin();
        foreach (var watch in watches)
        {
            watch.FlushDue();
        }
    }
}
