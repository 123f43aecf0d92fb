using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Diagnostics;

namespace OrleansTicks.Runtime.Hosting;

/// <summary>Starts the silo with the host and shuts it down in order: stop creating activations, let queued
/// work (stream deliveries included) drain, deactivate everything (writing changed state), then refuse calls.
/// Registered before the application's own hosted services, so it stops after them (feeds stop first).</summary>
internal sealed class SiloHostedService(SiloRuntime runtime) : IHostedService, IDisposable
{
    private readonly SiloMaintenance _maintenance = new(runtime);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _maintenance.Start();
        RuntimeLog.SiloStarted(runtime.Logger, runtime.Manifest.Classes.Count, runtime.Options.ResponseTimeout, runtime.Options.CollectionAge);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (runtime.Status != SiloStatus.Running)
        {
            return;
        }

        var stopwatch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(runtime.Options.ShutdownTimeout);
        runtime.Status = SiloStatus.Stopping;
        try
        {
            await DrainAsync(timeout.Token).ConfigureAwait(false);
            var activations = runtime.Catalog.AllActivations.ToArray();
            RuntimeLog.SiloStopping(runtime.Logger, activations.Length);
            var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "the silo is shutting down");
            foreach (var activation in activations)
            {
                activation.RequestDeactivation(reason);
            }

            await Task.WhenAll(activations.Select(a => a.Deactivated)).WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            RuntimeLog.ShutdownTimedOut(runtime.Logger, runtime.Options.ShutdownTimeout, runtime.Catalog.AllActivations.Count());
        }
        finally
        {
            runtime.Status = SiloStatus.Stopped;
            _maintenance.Dispose();
            RuntimeLog.SiloStopped(runtime.Logger, stopwatch.Elapsed);
        }
    }

    public void Dispose() => _maintenance.Dispose();

    /// <summary>Waits until no activation has work queued or running, so nothing buffered is lost.</summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (runtime.Catalog.AllActivations.Any(a => !a.IsIdle))
        {
            // Real time on purpose: shutdown is bounded by the wall clock, whatever clock grains use.
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>For tests: run the maintenance chores now.</summary>
    internal SiloMaintenance Maintenance => _maintenance;
}
