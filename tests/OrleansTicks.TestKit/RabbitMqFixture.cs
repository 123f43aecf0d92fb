using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit;

namespace OrleansTicks.TestKit;

/// <summary>A RabbitMQ broker for one test collection, with names no other test class uses: every exchange and queue
/// a test creates starts with <see cref="NewPrefix"/>, and the fixture deletes the ones registered with
/// <see cref="DeleteAfterwards"/> when the collection is done. The broker comes from the environment variable
/// <see cref="ServerEnvironmentVariable"/>, which <c>scripts/test.sh</c> sets after starting a throwaway server.
/// Without it the fixture fails (never skips), so a missing broker can never pass for a green run.</summary>
public sealed class RabbitMqFixture : IAsyncLifetime
{
    /// <summary>The environment variable holding the broker's AMQP URI, for example
    /// <c>amqp://guest:guest@127.0.0.1:5672/</c>.</summary>
    public const string ServerEnvironmentVariable = "ORLEANSTICKS_TEST_RABBITMQ";

    private readonly string _runId = Guid.NewGuid().ToString("N")[..12];
    private readonly List<string> _exchanges = [];
    private readonly List<string> _queues = [];
    private readonly List<IConnection> _connections = [];
    private int _prefixes;
    private Uri? _uri;

    /// <summary>The broker's AMQP URI.</summary>
    public Uri Uri => _uri ?? throw new InvalidOperationException("The RabbitMQ fixture is not initialised yet (InitializeAsync has not run).");

    /// <summary>Checks that the broker answers.</summary>
    public async Task InitializeAsync()
    {
        var server = Environment.GetEnvironmentVariable(ServerEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"The environment variable {ServerEnvironmentVariable} is not set, so these tests have no RabbitMQ broker. " +
                "Run all tests with scripts/test.sh, which starts a throwaway RabbitMQ and sets it, " +
                $"or set {ServerEnvironmentVariable} yourself (e.g. \"amqp://guest:guest@127.0.0.1:5672/\").");
        }

        _uri = new Uri(server);
        await using var connection = await ConnectAsync("orleansticks-test-check");
    }

    /// <summary>A prefix no other test uses, <c>ot-test-{run}-{n}</c>, for an exchange and its queues.</summary>
    public string NewPrefix() => $"ot-test-{_runId}-{Interlocked.Increment(ref _prefixes)}";

    /// <summary>Registers an exchange and queues for deletion when the collection is done.</summary>
    public void DeleteAfterwards(string exchange, IEnumerable<string> queues)
    {
        lock (_exchanges)
        {
            _exchanges.Add(exchange);
            _queues.AddRange(queues);
        }
    }

    /// <summary>A plain connection to the broker (no automatic recovery), closed by the fixture at the end if the
    /// test does not close it itself.</summary>
    public async Task<IConnection> ConnectAsync(string clientName)
    {
        var factory = new ConnectionFactory { Uri = Uri, AutomaticRecoveryEnabled = false };
        IConnection connection;
        try
        {
            connection = await factory.CreateConnectionAsync(clientName);
        }
        catch (BrokerUnreachableException exception)
        {
            throw new InvalidOperationException(
                $"Cannot connect to the RabbitMQ test broker given by {ServerEnvironmentVariable} ({_uri}). Is it running? scripts/test.sh starts one.",
                exception);
        }

        lock (_connections)
        {
            _connections.Add(connection);
        }

        return connection;
    }

    /// <summary>Deletes the registered queues and exchanges and closes the connections the tests left open.</summary>
    public async Task DisposeAsync()
    {
        if (_uri is null)
        {
            return;
        }

        await using (var connection = await ConnectAsync("orleansticks-test-cleanup"))
        await using (var channel = await connection.CreateChannelAsync())
        {
            foreach (var queue in _queues)
            {
                await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false);
            }

            foreach (var exchange in _exchanges)
            {
                await channel.ExchangeDeleteAsync(exchange, ifUnused: false);
            }
        }

        foreach (var connection in _connections)
        {
            if (connection.IsOpen)
            {
                await connection.CloseAsync();
            }

            connection.Dispose();
        }
    }
}
