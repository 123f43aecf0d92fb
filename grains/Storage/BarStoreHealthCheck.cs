using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansTicks.Grains.Storage;

/// <summary>Ready while the bar store answers a query on <c>bars_1m</c> (the database is reachable and has the
/// table).</summary>
internal sealed class BarStoreHealthCheck(IBarStore store) : IHealthCheck
{
    /// <summary>The check's name under <c>/health</c>.</summary>
    public const string Name = "bar-store";

    // '$' is no ticker's character, so the probe never matches real bars.
    private const string ProbeSymbol = "$health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.HasBarsAsync(ProbeSymbol, cancellationToken: cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy(store.GetType().Name);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{store.GetType().Name} cannot query bars_1m: {exception.Message}", exception);
        }
    }
}
