using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Tests.Infrastructure;

namespace OrleansTicks.Runtime.Tests.Grains;

public interface ILifecycleGrain : IGrainWithStringKey
{
    Task<Guid> GetInstanceIdAsync();

    Task ThrowAsync(string message);

    Task<int> ThrowSynchronously(string message);

    Task DeactivateAsync();
}

/// <summary>Counts its constructions and activations per key in the probe.</summary>
public sealed class LifecycleGrain : Grain, ILifecycleGrain
{
    private readonly Guid _instanceId = Guid.NewGuid();
    private readonly Probe _probe;

    public LifecycleGrain(Probe probe)
    {
        _probe = probe;
        probe.Increment($"constructed/{GetPrimaryKeyString()}");
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (GetPrimaryKeyString().StartsWith("fail-", StringComparison.Ordinal) && _probe.Count($"allow/{GetPrimaryKeyString()}") == 0)
        {
            await Task.Yield();
            throw new InvalidOperationException("activation refused");
        }

        _probe.Increment($"activated/{GetPrimaryKeyString()}");
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _probe.Events.Enqueue($"deactivated/{GetPrimaryKeyString()}/{reason.Code}");
        _probe.Signal($"deactivated/{GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }

    public Task<Guid> GetInstanceIdAsync() => Task.FromResult(_instanceId);

    public async Task ThrowAsync(string message)
    {
        await Task.Yield();
        throw new InvalidOperationException(message);
    }

    public Task<int> ThrowSynchronously(string message) => throw new ArgumentException(message);

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
