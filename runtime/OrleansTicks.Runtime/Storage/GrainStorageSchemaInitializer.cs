using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansTicks.Runtime.Storage;

/// <summary>Creates the schema of every registered SQL grain storage when the host starts, so a fresh machine just
/// works. It runs in <see cref="IHostedLifecycleService.StartingAsync"/>, which the host calls before any hosted
/// service's <c>StartAsync</c>: the tables exist before the silo activates its first grain, in whatever order the
/// services were registered. A failure (database unreachable) stops the host at start.</summary>
internal sealed class GrainStorageSchemaInitializer(
    IServiceProvider services,
    IEnumerable<GrainStorageSchemaRegistration> registrations,
    ILogger<GrainStorageSchemaInitializer> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var registration in registrations)
        {
            if (!done.Add(registration.StorageName))
            {
                continue;
            }

            // A later registration under the same name may have replaced the SQL provider with one without a schema.
            var storage = services.GetRequiredKeyedService<IGrainStorage>(registration.StorageName);
            if (storage is not IGrainStorageSchema schema)
            {
                continue;
            }

            var provider = storage.GetType().Name;
            var started = Stopwatch.GetTimestamp();
            try
            {
                await schema.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.SchemaFailed(exception, registration.StorageName, provider);
                throw;
            }

            logger.SchemaReady(registration.StorageName, provider, Stopwatch.GetElapsedTime(started));
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
