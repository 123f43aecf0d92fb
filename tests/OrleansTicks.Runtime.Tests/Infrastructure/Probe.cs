using System.Collections.Concurrent;

namespace OrleansTicks.Runtime.Tests.Infrastructure;

/// <summary>Where test grains report what happened to them, so tests can check it.</summary>
public sealed class Probe
{
    private readonly ConcurrentDictionary<string, int> _counters = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();

    public ConcurrentQueue<string> Events { get; } = new();

    public int Increment(string name) => _counters.AddOrUpdate(name, 1, static (_, v) => v + 1);

    public int Count(string name) => _counters.TryGetValue(name, out var v) ? v : 0;

    public void Signal(string name) => Signaled(name).TrySetResult();

    public TaskCompletionSource Signaled(string name) =>
        _signals.GetOrAdd(name, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>A gate grain code waits on until the test opens it.</summary>
    public Task Gate(string name) => GateSource(name).Task;

    public void Open(string name) => GateSource(name).TrySetResult();

    /// <summary>Fails the gate: grain code waiting on it sees <paramref name="exception"/>.</summary>
    public void Break(string name, Exception exception) => GateSource(name).TrySetException(exception);

    private TaskCompletionSource GateSource(string name) =>
        _gates.GetOrAdd(name, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
