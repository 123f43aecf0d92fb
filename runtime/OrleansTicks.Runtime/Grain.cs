using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Streams;
using OrleansTicks.Runtime.Timers;

namespace OrleansTicks.Runtime;

/// <summary>Base class of every grain (the Orleans <c>Grain</c>). The runtime constructs grains (with
/// dependency injection through the constructor) when the first call for their key arrives; never construct
/// one yourself. All calls, timer ticks and stream deliveries of one activation run one at a time.</summary>
public abstract class Grain
{
    [ThreadStatic]
    private static ActivationData? _constructing;

    private readonly ActivationData _activation;

    /// <summary>Binds the new grain to the activation the runtime is constructing.</summary>
    /// <exception cref="InvalidOperationException">Constructed outside the runtime.</exception>
    protected Grain() =>
        _activation = _constructing
            ?? throw new InvalidOperationException($"{GetType().Name} is a grain: the runtime creates it. Get a reference with IGrainFactory.GetGrain<T>(key) instead.");

    /// <summary>This grain's identity.</summary>
    public GrainId GrainId => _activation.GrainId;

    /// <summary>The grain factory, to call other grains.</summary>
    protected IGrainFactory GrainFactory => _activation.Runtime.GrainFactory;

    /// <summary>The activation's services (a scope per activation).</summary>
    protected IServiceProvider ServiceProvider => _activation.Services;

    /// <summary>The grain's string key.</summary>
    public string GetPrimaryKeyString() => _activation.GrainId.Key;

    /// <summary>Runs after the grain is constructed and its persistent state has been read, before its first
    /// call. An exception here fails the waiting calls with <see cref="GrainActivationException"/>.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs when the activation is deactivated (idle, requested, shutdown). Changed persistent state is
    /// written after this returns.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation when the current turn ends; later calls activate it afresh.</summary>
    protected void DeactivateOnIdle() =>
        _activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle()"));

    /// <summary>Registers a timer whose ticks are turns of this grain: a tick never overlaps a call, and the next
    /// tick is due one period after the previous tick's callback completed. Disposed with the activation.</summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentNullException.ThrowIfNull(options);
        return new GrainTimer<TState>(_activation, callback, state, options);
    }

    /// <summary>Registers a timer (see <see cref="RegisterGrainTimer{TState}"/>).</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return RegisterGrainTimer(static (cb, ct) => cb(ct), callback, new GrainTimerCreationOptions { DueTime = dueTime, Period = period });
    }

    /// <summary>Gets the stream provider registered under <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No provider has that name.</exception>
    protected IStreamProvider GetStreamProvider(string name) => _activation.Runtime.GetStreamProvider(name);

    internal static object Construct(ActivationData activation, Func<object> create)
    {
        var previous = _constructing;
        _constructing = activation;
        try
        {
            return create();
        }
        finally
        {
            _constructing = previous;
        }
    }
}
