using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace OrleansTicks.Runtime.Cluster.RabbitMq;

/// <summary>Opens RabbitMQ connections the way the partition transport needs them: automatic recovery on (the
/// client reconnects, re-opens channels and re-registers consumers by itself), and every connection event logged
/// rather than thrown, so that a lost broker never crashes the process.</summary>
public static class RabbitMqConnections
{
    /// <summary>Connects to <paramref name="uri"/> (<c>amqp://user:password@host:port/vhost</c>).</summary>
    /// <param name="uri">The broker's AMQP URI.</param>
    /// <param name="clientName">The name the broker shows for the connection, e.g. the silo id.</param>
    /// <param name="logger">Where connection losses and recoveries are logged.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    public static async Task<IConnection> ConnectAsync(Uri uri, string clientName, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentException.ThrowIfNullOrWhiteSpace(clientName);
        ArgumentNullException.ThrowIfNull(logger);
        var factory = new ConnectionFactory
        {
            Uri = uri,
            ClientProvidedName = clientName,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
            // Deliveries of one channel are handed over one at a time: a partition's order is its point.
            ConsumerDispatchConcurrency = 1,
        };
        var connection = await factory.CreateConnectionAsync(clientName, cancellationToken).ConfigureAwait(false);
        connection.ConnectionShutdownAsync += (_, args) =>
        {
            if (args.Initiator != ShutdownInitiator.Application)
            {
                RabbitMqLog.ConnectionLost(logger, clientName, args.ReplyText);
            }

            return Task.CompletedTask;
        };
        connection.RecoverySucceededAsync += (_, _) =>
        {
            RabbitMqLog.ConnectionRecovered(logger, clientName);
            return Task.CompletedTask;
        };
        connection.CallbackExceptionAsync += (_, args) =>
        {
            RabbitMqLog.CallbackFailed(logger, args.Exception, clientName);
            return Task.CompletedTask;
        };
        return connection;
    }
}
