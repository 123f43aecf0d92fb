using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansTicks.Runtime.Cluster.Transport;

/// <summary>Ready while the node's RabbitMQ connection is open: without it no call, reply or stream item moves.</summary>
internal sealed class ClusterTransportHealthCheck(ClusterTransport transport) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(transport.IsConnected
            ? HealthCheckResult.Healthy($"{transport.NodeId} ({transport.Role}) is connected to RabbitMQ")
            : HealthCheckResult.Unhealthy($"{transport.NodeId} ({transport.Role}) has no RabbitMQ connection; calls to and from it wait or fail"));
}
