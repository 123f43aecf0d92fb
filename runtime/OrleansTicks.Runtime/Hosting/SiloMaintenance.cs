using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Diagnostics;

namespace OrleansTicks.Runtime.Hosting;

/// <summary>The silo's two periodic chores, on the injected <see cref="TimeProvider"/>: expiring calls whose
/// response timeout passed, and collecting activations idle for longer than the collection age. Scanning the
/// mailboxes costs O(activations) per sweep and nothing per call.</summary>
internal sealed class SiloMaintenance(SiloRuntime runtime) : IDisposable
{
    private ITimer? _timeoutSweep;
    private ITimer? _collection;

    /// <summary>How often overdue calls are looked for: a tenth of the timeout, between 10 ms and 1 s.</summary>
    public TimeSpan SweepPeriod { get; } = TimeSpan.FromTicks(Math.Clamp(runtime.Options.ResponseTimeout.Ticks / 10, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));

    public void Start()
    {
        var clock = runtime.TimeProvider;
        _timeoutSweep = clock.CreateTimer(static s => ((SiloMaintenance)s!).ExpireOverdueCalls(), this, SweepPeriod, SweepPeriod);
        _collection = clock.CreateTimer(static s => ((SiloMaintenance)s!).CollectIdle(), this, runtime.Options.CollectionQuantum, runtime.Options.CollectionQuantum);
    }

    public void ExpireOverdueCalls()
    {
        var now = runtime.TimeProvider.GetTimestamp();
        foreach (var activation in runtime.Catalog.AllActivations)
        {
            activation.ExpireOverdue(now);
        }
    }

    public int CollectIdle()
    {
        if (runtime.Status != SiloStatus.Running)
        {
            return 0;
        }

        var clock = runtime.TimeProvider;
        var idleSince = clock.GetTimestamp() - (long)(runtime.Options.CollectionAge.TotalSeconds * clock.TimestampFrequency);
        int collected = 0, total = 0;
        foreach (var activation in runtime.Catalog.AllActivations)
        {
            total++;
            if (activation.TryCollect(idleSince))
            {
                collected++;
            }
        }

        if (collected > 0)
        {
            RuntimeLog.IdleCollection(runtime.Logger, collected, total);
        }

        return collected;
    }

    public void Dispose()
    {
        _timeoutSweep?.Dispose();
        _collection?.Dispose();
    }
}
