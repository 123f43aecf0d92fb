using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Storage;

namespace OrleansTicks.Runtime.Hosting;

/// <summary>Ready while the silo accepts calls.</summary>
internal sealed class SiloHealthCheck(SiloRuntime runtime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(runtime.Status == SiloStatus.Running
            ? HealthCheckResult.Healthy($"{runtime.Catalog.Count} activations")
            : HealthCheckResult.Unhealthy($"The silo is {runtime.Status}."));
}

/// <summary>Ready while the default grain storage answers a read (the database is reachable and has its schema).</summary>
internal sealed class GrainStorageHealthCheck(IServiceProvider services) : IHealthCheck
{
    private static readonly GrainId Probe = new("$health", "probe");

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var storage = services.GetKeyedService<IGrainStorage>(PersistentStateAttribute.DefaultStorageName);
        if (storage is null)
        {
            return HealthCheckResult.Healthy("No default grain storage is configured.");
        }

        try
        {
            await storage.ReadStateAsync("health", Probe, new GrainState<int>(0), cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy(storage.GetType().Name);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{storage.GetType().Name} cannot be read: {exception.Message}", exception);
        }
    }
}
