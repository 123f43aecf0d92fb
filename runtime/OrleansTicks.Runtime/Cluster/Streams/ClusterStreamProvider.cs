using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Cluster.Partitioning;
using OrleansTicks.Runtime.Cluster.RabbitMq;
using OrleansTicks.Runtime.Cluster.Transport;
using OrleansTicks.Runtime.Streams;
using RabbitMQ.Client;

namespace OrleansTicks.Runtime.Cluster.Streams;

/// <summary>Streams across silos (the Orleans persistent-stream model over the partition queues): a stream's items go
/// to the queue of its key's partition, and the silo owning that partition delivers them to the implicitly subscribed
/// grains, through an in-memory provider of its own, in the order they were produced. Registered as a hosted service
/// so that on stop it publishes what is still waiting before the transport closes.</summary>
internal sealed class ClusterStreamProvider : IStreamProvider, IPartitionStreamSink, IHostedService
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);
    private readonly ClusterTransport _transport;
    private readonly SiloRuntime _runtime;
    private readonly MemoryStreamProvider _local;
    private readonly IServiceProvider _services;
    private readonly ILogger _logger;
    private readonly PartitionOutbox[] _outboxes;
    private readonly ConcurrentDictionary<StreamId, object> _streams = new();
    private readonly ConcurrentDictionary<string, Func<StreamMessage.Segment, CancellationToken, ValueTask>> _deliverers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _publisherGate = new(1, 1);
    private IConnection? _publishing; // the publisher's own connection (see ClusterTransport.ConnectAsync)
    private PartitionPublisher? _publisher;

    public ClusterStreamProvider(string name, ClusterTransport transport, SiloRuntime runtime, MemoryStreamOptions localOptions, IServiceProvider services,
        TimeProvider clock, ILogger<ClusterStreamProvider> logger)
    {
        Name = name;
        _transport = transport;
        _runtime = runtime;
        _local = new MemoryStreamProvider(name, runtime, localOptions);
        _services = services;
        _logger = logger;
        _outboxes = [.. Enumerable.Range(0, transport.PartitionCount).Select(p => new PartitionOutbox(p, transport.PublishWindow, GetPublisherAsync, clock, logger))];
    }

    public string Name { get; }

    public IAsyncStream<T> GetStream<T>(StreamId streamId)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId.Namespace, nameof(streamId));
        ArgumentException.ThrowIfNullOrEmpty(streamId.Key, nameof(streamId));
        var stream = _streams.GetOrAdd(streamId, static (id, self) => new ClusterStream<T>(id, self._outboxes[PartitionHash.Partition(id.Key, self._transport.PartitionCount)],
            self._services.GetService<IStreamBatchCodec<T>>() ?? new JsonStreamBatchCodec<T>(), self._runtime), this);
        return stream as IAsyncStream<T>
            ?? throw new ArgumentException($"Stream {streamId} carries {stream.GetType().GetGenericArguments()[0].Name}, not {typeof(T).Name}.", nameof(streamId));
    }

    public async Task DeliverAsync(PartitionDelivery delivery, CancellationToken cancellationToken)
    {
        List<StreamMessage.Segment> segments;
        try
        {
            // The client reuses the body's buffer once the consumer's handler returns, which may be before every
            // segment is delivered (a grain's full stream buffer makes delivery wait): read from a copy.
            segments = StreamMessage.Read(delivery.Body.ToArray());
        }
        catch (FormatException exception)
        {
            TransportLog.BadStreamMessage(_logger, exception, delivery.Partition);
            return;
        }

        foreach (var segment in segments)
        {
            try
            {
                await DelivererOf(segment.Namespace)(segment, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is FormatException or InvalidOperationException or ArgumentException)
            {
                // One stream's bad segment (an unknown namespace, bytes its codec cannot read) is skipped, not the message.
                TransportLog.BadStreamMessage(_logger, exception, delivery.Partition);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DrainTimeout);
        try
        {
            await Task.WhenAll(_outboxes.Select(o => o.DrainAsync(timeout.Token))).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Out of time: what did not reach the broker is lost with the process, as in a crash.
        }

        if (_publisher is not null)
        {
            await _publisher.DisposeAsync().ConfigureAwait(false);
        }

        if (_publishing is not null)
        {
            await ClusterTransport.CloseQuietlyAsync(_publishing).ConfigureAwait(false);
        }
    }

    private Func<StreamMessage.Segment, CancellationToken, ValueTask> DelivererOf(string streamNamespace) =>
        _deliverers.GetOrAdd(streamNamespace, static (ns, self) =>
        {
            // The items' type is the one the namespace's subscribers observe (IAsyncBatchObserver<T>).
            var subscriber = self._runtime.Manifest.GetImplicitSubscribers(ns).FirstOrDefault()
                ?? throw new InvalidOperationException($"No grain class here subscribes to stream namespace '{ns}'.");
            var itemType = subscriber.ClassType.GetInterfaces()
                .First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IAsyncBatchObserver<>)).GetGenericArguments()[0];
            var method = typeof(ClusterStreamProvider).GetMethod(nameof(CreateDeliverer), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
            return (Func<StreamMessage.Segment, CancellationToken, ValueTask>)method.MakeGenericMethod(itemType).Invoke(self, null)!;
        }, this);

    private Func<StreamMessage.Segment, CancellationToken, ValueTask> CreateDeliverer<T>()
    {
        var codec = _services.GetService<IStreamBatchCodec<T>>() ?? new JsonStreamBatchCodec<T>();
        return (segment, cancellationToken) =>
        {
            var items = codec.Decode(segment.Payload.Span);
            return _local.GetStream<T>(StreamId.Create(segment.Namespace, segment.Key)).OnNextBatchAsync(items, cancellationToken);
        };
    }

    private async Task<IPartitionSender> GetPublisherAsync(CancellationToken cancellationToken)
    {
        if (_publisher is { } publisher)
        {
            return publisher;
        }

        await _publisherGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Only the node that ingests publishes: its trades get a connection of their own.
            _publishing ??= await _transport.ConnectAsync("streams", cancellationToken).ConfigureAwait(false);
            return _publisher ??= await PartitionPublisher.StartAsync(_publishing, _transport.Topology, _transport.PartitionCount * _transport.PublishWindow, _logger, cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            _publisherGate.Release();
        }
    }
}
