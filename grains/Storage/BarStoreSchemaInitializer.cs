using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansTicks.Grains.Storage;

/// <summary>Creates the bar store's table when the host starts, so a fresh machine just works. It runs in
/// <see cref="IHostedLifecycleService.StartingAsync"/>, before any hosted service's <c>StartAsync</c>: the table exists
/// before the silo activates a grain that writes bars. A failure (database unreachable) stops the host at start.</summary>
internal sealed class BarStoreSchemaInitializer(IBarStore store, ILogger<BarStoreSchemaInitializer> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (store is not IBarStoreSchema schema)
        {
            return;
        }

        var provider = store.GetType().Name;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await schema.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.SchemaFailed(exception, provider);
            throw;
        }

        logger.SchemaReady(provider, Stopwatch.GetElapsedTime(started));
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
