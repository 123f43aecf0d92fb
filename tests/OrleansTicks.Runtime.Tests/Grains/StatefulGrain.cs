using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Storage;
using OrleansTicks.Runtime.Tests.Infrastructure;

namespace OrleansTicks.Runtime.Tests.Grains;

public sealed class CounterState
{
    public int Value { get; set; }

    public List<string> History { get; set; } = [];
}

public interface IStatefulGrain : IGrainWithStringKey
{
    /// <summary>Changes the state in memory only; deactivation must write it.</summary>
    Task SetAsync(int value);

    Task WriteAsync(int value);

    Task<int> GetAsync();

    Task<Guid> GetInstanceIdAsync();
}

public sealed class StatefulGrain([PersistentState("counter")] IPersistentState<CounterState> state, Probe probe) : Grain, IStatefulGrain
{
    private readonly Guid _instanceId = Guid.NewGuid();

    public Task SetAsync(int value)
    {
        state.State.Value = value;
        state.State.History.Add($"set {value}");
        return Task.CompletedTask;
    }

    public async Task WriteAsync(int value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Value);

    public Task<Guid> GetInstanceIdAsync() => Task.FromResult(_instanceId);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Events.Enqueue($"stateful-deactivated/{GetPrimaryKeyString()}/{reason.Code}");
        probe.Signal($"stateful-deactivated/{GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }
}
