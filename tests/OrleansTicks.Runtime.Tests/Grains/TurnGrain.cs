using OrleansTicks.Runtime.Tests.Infrastructure;

namespace OrleansTicks.Runtime.Tests.Grains;

public interface ITurnGrain : IGrainWithStringKey
{
    /// <summary>Enters, yields twice (inviting interleaving), leaves; returns how many were inside at once.</summary>
    Task<int> EnterAsync();

    /// <summary>Holds the grain busy until the probe gate opens.</summary>
    Task HoldAsync(string gate);

    Task StartTimerAsync(TimeSpan dueTime, TimeSpan period, string gate);

    Task<int> GetViolationsAsync();

    Task<bool> ContinuationsStayOnTurnAsync(string otherKey);

    /// <summary>Posts a callback that throws to the grain's synchronization context.</summary>
    Task PostThrowingCallbackAsync();
}

/// <summary>Detects concurrent entry: a plain (non-atomic) counter that must never exceed one.</summary>
public sealed class TurnGrain(Probe probe) : Grain, ITurnGrain
{
    private int _inside;
    private int _violations;
    private bool _busy;

    public async Task<int> EnterAsync()
    {
        var seen = ++_inside;
        if (seen != 1)
        {
            _violations++;
        }

        await Task.Yield();
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 2)));
        if (_inside != seen)
        {
            _violations++;
        }

        _inside--;
        return seen;
    }

    public async Task HoldAsync(string gate)
    {
        _busy = true;
        probe.Signal($"{GetPrimaryKeyString()}/holding");
        await probe.Gate(gate);
        _busy = false;
    }

    public Task StartTimerAsync(TimeSpan dueTime, TimeSpan period, string gate)
    {
        RegisterGrainTimer(async ct =>
        {
            probe.Increment($"{GetPrimaryKeyString()}/ticks");
            if (_busy)
            {
                probe.Increment($"{GetPrimaryKeyString()}/tick-overlapped-call");
            }

            _busy = true;
            probe.Signal($"{GetPrimaryKeyString()}/tick-started");
            await probe.Gate(gate);
            _busy = false;
            probe.Signal($"{GetPrimaryKeyString()}/tick-finished");
        }, dueTime, period);
        return Task.CompletedTask;
    }

    public Task<int> GetViolationsAsync() => Task.FromResult(_violations);

    public Task PostThrowingCallbackAsync()
    {
        SynchronizationContext.Current!.Post(static _ => throw new InvalidOperationException("posted callback failed"), null);
        return Task.CompletedTask;
    }

    public async Task<bool> ContinuationsStayOnTurnAsync(string otherKey)
    {
        var context = SynchronizationContext.Current;
        var other = GrainFactory.GetGrain<ITurnGrain>(otherKey);
        for (var i = 0; i < 20; i++)
        {
            await other.EnterAsync();
            if (!ReferenceEquals(SynchronizationContext.Current, context))
            {
                return false;
            }
        }

        return context is not null;
    }
}
