using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.Runtime.Calls;
using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Cluster.RabbitMq;
using RabbitMQ.Client;

namespace OrleansTicks.Runtime.Cluster.Transport;

/// <summary>A node's link to the cluster: one RabbitMQ connection, the partition topology, the shared work queue, this
/// node's own queue (calls to its observers) and the channel its calls and replies travel on. Also what tells the
/// router which partitions this silo owns (<see cref="PartitionHost"/> sets them).</summary>
internal sealed class ClusterTransport : IHostedService, IClusterRouting, IAsyncDisposable
{
    private readonly ClusterOptions _options;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _clock;
    private readonly ILogger<ClusterTransport> _logger;
    private readonly int[] _owned;
    private IConnection? _connection;
    private CallChannel? _calls;
    private IChannel? _nodeChannel;
    private WorkQueueConsumer? _work;
    private IncomingCalls? _incoming;
    private CallCodec? _codec;

    public ClusterTransport(IOptions<ClusterOptions> options, ClusterRole role, IServiceProvider services, TimeProvider clock, ILogger<ClusterTransport> logger)
    {
        _options = options.Value;
        _services = services;
        _clock = clock;
        _logger = logger;
        Role = role;
        NodeId = _options.SiloId ?? throw new InvalidOperationException($"{ClusterOptions.SectionName}:SiloId is required in cluster mode.");
        Topology = new PartitionTopology(_options.QueuePrefix, _options.Partitions);
        WorkQueue = $"{_options.QueuePrefix}.work";
        NodeQueue = NodeQueueOf(NodeId);
        _owned = new int[_options.Partitions];
    }

    public string NodeId { get; }

    public ClusterRole Role { get; }

    public bool HostsGrains => Role == ClusterRole.Silo;

    public int PartitionCount => Topology.PartitionCount;

    /// <summary>How many stream messages of one partition may await their confirm at once (<c>Cluster:PublishWindow</c>).</summary>
    public int PublishWindow => _options.PublishWindow;

    public PartitionTopology Topology { get; }

    public string WorkQueue { get; }

    public string NodeQueue { get; }

    /// <summary>The connection, once started; the partition host and the stream provider open their channels on it.</summary>
    public IConnection Connection => _connection ?? throw new SiloUnavailableException("The cluster transport is not connected yet.");

    public bool IsConnected => _connection?.IsOpen == true;

    /// <summary>Opens another connection to the broker, named after this node and <paramref name="purpose"/>: the
    /// caller owns it. The broker throttles a publishing connection by no longer reading from it (credit flow), which
    /// on a shared connection would also hold back this node's acknowledgements, replies and notifications.</summary>
    public Task<IConnection> ConnectAsync(string purpose, CancellationToken cancellationToken) =>
        RabbitMqConnections.ConnectAsync(new Uri(_options.RabbitMq!), $"{NodeId}.{purpose}", _logger, cancellationToken);

    internal IncomingCalls Incoming => _incoming ?? throw new SiloUnavailableException("The cluster transport is not started yet.");

    public string NodeQueueOf(string nodeId) => $"{_options.QueuePrefix}.node.{nodeId}";

    public bool Owns(int partition) => Volatile.Read(ref _owned[partition]) != 0;

    public void SetOwned(int partition, bool owned) => Volatile.Write(ref _owned[partition], owned ? 1 : 0);

    public IGrainCallRouter CreateRouter(SiloRuntime runtime)
    {
        _codec = new CallCodec(runtime);
        _incoming = new IncomingCalls(_codec, () => _calls, _logger);
        return new ClusterCallRouter(this, runtime.LocalRouter);
    }

    public void SendToPartition(int partition, GrainReference target, IGrainCall call) =>
        Calls(call)?.Send(Topology.ExchangeName, Topology.RoutingKey(partition), target, call);

    /// <summary>Sends a fence to <paramref name="partition"/>'s queue (see <see cref="OwnedPartition.Active"/>).</summary>
    public Task SendFenceAsync(int partition, string fenceId) =>
        _calls?.SendFenceAsync(Topology.ExchangeName, Topology.RoutingKey(partition), fenceId) ?? Task.CompletedTask;

    public void SendToNode(string nodeId, GrainReference target, IGrainCall call) =>
        Calls(call)?.Send(string.Empty, NodeQueueOf(nodeId), target, call);

    public void SendToWorkQueue(GrainReference target, IGrainCall call) =>
        Calls(call)?.Send(string.Empty, WorkQueue, target, call);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The runtime makes its router (and this transport's codec) when it is created: make sure it is.
        _ = _services.GetRequiredService<SiloRuntime>();
        var codec = _codec ?? throw new InvalidOperationException("The silo runtime did not take the cluster router.");
        _connection = await RabbitMqConnections.ConnectAsync(new Uri(_options.RabbitMq!), NodeId, _logger, cancellationToken).ConfigureAwait(false);
        var setup = await _connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            await Topology.DeclareAsync(setup, cancellationToken).ConfigureAwait(false);
            await setup.QueueDeclareAsync(WorkQueue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await CloseQuietlyAsync(setup).ConfigureAwait(false);
        }

        _calls = await CallChannel.StartAsync(_connection, codec, _clock, _logger, cancellationToken).ConfigureAwait(false);
        _nodeChannel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        // Exclusive and auto-deleted: the queue dies with this node's connection, so calls to its observers are then
        // returned to their callers (mandatory) at once instead of piling up for a node that is gone.
        await _nodeChannel.QueueDeclareAsync(NodeQueue, durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        var observerCalls = new RabbitMQ.Client.Events.AsyncEventingBasicConsumer(_nodeChannel);
        observerCalls.ReceivedAsync += (_, args) =>
        {
            _ = Incoming.DispatchAsync(args.BasicProperties, args.Body.Span);
            return Task.CompletedTask;
        };
        await _nodeChannel.BasicConsumeAsync(NodeQueue, autoAck: true, observerCalls, cancellationToken).ConfigureAwait(false);
        if (HostsGrains)
        {
            _work = await WorkQueueConsumer.StartAsync(_connection, WorkQueue, Incoming, cancellationToken).ConfigureAwait(false);
        }

        TransportLog.Started(_logger, NodeId, Role.ToString(), PartitionCount, NodeQueue);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await DisposeAsync().ConfigureAwait(false);
        TransportLog.Stopped(_logger, NodeId);
    }

    public async ValueTask DisposeAsync()
    {
        if (_work is not null)
        {
            await _work.DisposeAsync().ConfigureAwait(false);
            _work = null;
        }

        if (_nodeChannel is not null)
        {
            await CloseQuietlyAsync(_nodeChannel).ConfigureAwait(false);
            _nodeChannel = null;
        }

        if (_calls is not null)
        {
            await _calls.DisposeAsync().ConfigureAwait(false);
            _calls = null;
        }

        if (_connection is not null)
        {
            await CloseQuietlyAsync(_connection).ConfigureAwait(false);
            _connection = null;
        }
    }

    internal static async Task CloseQuietlyAsync(IConnection connection)
    {
        try
        {
            await connection.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or RabbitMQ.Client.Exceptions.AlreadyClosedException)
        {
            // Already closed.
        }

        connection.Dispose();
    }

    internal static async Task CloseQuietlyAsync(IChannel channel)
    {
        try
        {
            await channel.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or RabbitMQ.Client.Exceptions.AlreadyClosedException or RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            // Already closed with the connection.
        }

        channel.Dispose();
    }

    private CallChannel? Calls(IGrainCall call)
    {
        if (_calls is { } calls)
        {
            return calls;
        }

        call.Fail(new SiloUnavailableException($"The cluster transport of {NodeId} is not connected; {call.Method.Name} was not sent."));
        return null;
    }
}
