using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Cluster.Membership;
using OrleansTicks.Runtime.Cluster.Partitioning;

namespace OrleansTicks.Runtime.Cluster.Transport;

/// <summary>Makes a silo consume exactly the partitions membership says it owns, checkpointing each every
/// <c>Cluster:CheckpointInterval</c> before it acknowledges (see <see cref="OwnedPartition"/>). On every change it hands over the
/// partitions it lost (stop deliveries, finish their work, deactivate their grains so their state is written,
/// acknowledge, cancel the consumer: the next owner's standby consumer then becomes active) and starts consuming the
/// ones it gained. On stop it hands over everything it still owns, before the transport and the silo stop.</summary>
internal sealed class PartitionHost(
    ClusterTransport transport,
    MembershipAgent membership,
    SiloRuntime runtime,
    IOptions<ClusterOptions> options,
    IServiceProvider services,
    TimeProvider clock,
    ILogger<PartitionHost> logger) : BackgroundService, IPartitionOwnership
{
    private static readonly TimeSpan CheckpointTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FenceInterval = TimeSpan.FromSeconds(1);
    private readonly Dictionary<int, OwnedPartition> _owned = [];
    private readonly SemaphoreSlim _changing = new(1, 1);

    /// <summary>The partitions this silo consumes now, ascending.</summary>
    public int[] Owned
    {
        get
        {
            lock (_owned)
            {
                return [.. _owned.Keys.Order()];
            }
        }
    }

    IReadOnlyList<int> IPartitionOwnership.OwnedPartitions => Owned;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await ApplyAsync([], CancellationToken.None).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.CheckpointInterval;
        using var ticker = clock.CreateTimer(static state => ((PartitionHost)state!).CheckpointAll(), this, interval, interval);
        IReadOnlyCollection<int> wanted = [];
        try
        {
            var next = membership.Changes.ReadAsync(stoppingToken).AsTask();
            while (true)
            {
                // A partition whose consumer could not start (broker unreachable) is retried every RetryInterval.
                var missing = wanted.Count != Owned.Length;
                if (missing)
                {
                    await Task.WhenAny(next, Task.Delay(RetryInterval, clock, stoppingToken)).ConfigureAwait(false);
                }

                if (next.IsCompleted || !missing)
                {
                    wanted = (await next.ConfigureAwait(false)).Owned;
                    next = membership.Changes.ReadAsync(stoppingToken).AsTask();
                }

                await ApplyAsync(wanted, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            // Stopping (or membership stopped): StopAsync hands everything over.
        }
    }

    private async Task ApplyAsync(IReadOnlyCollection<int> owned, CancellationToken cancellationToken)
    {
        await _changing.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            int[] lost;
            int[] gained;
            lock (_owned)
            {
                lost = [.. _owned.Keys.Where(p => !owned.Contains(p)).Order()];
                gained = [.. owned.Where(p => !_owned.ContainsKey(p)).Order()];
            }

            if (lost.Length == 0 && gained.Length == 0)
            {
                return;
            }

            // Lost first: a partition moves only away from or to this silo, never both at once.
            await Task.WhenAll(lost.Select(HandOverAsync)).ConfigureAwait(false);
            foreach (var partition in gained)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                await StartAsync(partition, cancellationToken).ConfigureAwait(false);
            }

            TransportLog.OwnershipChanged(logger, string.Join(',', gained), string.Join(',', lost), string.Join(',', Owned));
        }
        finally
        {
            _changing.Release();
        }
    }

    private async Task StartAsync(int partition, CancellationToken cancellationToken)
    {
        try
        {
            var streams = services.GetService<IPartitionStreamSink>();
            var started = await OwnedPartition.StartAsync(transport, partition, options.Value.Prefetch, streams,
                token => CheckpointAsync(partition, token), CheckpointTimeout, logger, cancellationToken).ConfigureAwait(false);
            lock (_owned)
            {
                _owned[partition] = started;
            }

            _ = ClaimAsync(started, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The broker is unreachable: tried again after RetryInterval; meanwhile the partition's messages wait.
            TransportLog.ConsumerStartFailed(logger, exception, partition, RetryInterval);
        }
    }

    /// <summary>Runs the partition's grains for local callers only once this silo's consumer is the active one: until
    /// its fence comes back (sent again every second), local calls go through the queue like everyone's, so a grain is
    /// never activated here while the previous owner still runs it.</summary>
    private async Task ClaimAsync(OwnedPartition partition, CancellationToken cancellationToken)
    {
        try
        {
            while (!partition.Active.IsCompleted)
            {
                lock (_owned)
                {
                    if (!_owned.TryGetValue(partition.Partition, out var current) || current != partition)
                    {
                        return; // handed over before it became active
                    }
                }

                await transport.SendFenceAsync(partition.Partition, partition.FenceId).ConfigureAwait(false);
                await Task.WhenAny(partition.Active, Task.Delay(FenceInterval, clock, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }

            lock (_owned)
            {
                if (_owned.TryGetValue(partition.Partition, out var current) && current == partition)
                {
                    transport.SetOwned(partition.Partition, true);
                    TransportLog.PartitionClaimed(logger, partition.Partition);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the partition is handed over, not claimed.
        }
    }

    private async Task HandOverAsync(int partition)
    {
        OwnedPartition? owned;
        lock (_owned)
        {
            _owned.Remove(partition, out owned);

            // From here calls for the partition are sent to its queue, where the next owner will take them.
            transport.SetOwned(partition, false);
        }

        if (owned is null)
        {
            return;
        }

        var deactivated = 0;
        var last = await owned.HandOverAsync(async () =>
        {
            var leaving = ActivationsOf(partition);

            // Finish the turns first (work still queued when an activation deactivates would go to a next activation,
            // here, of a partition this silo no longer owns); deactivating then writes the grains' state.
            await Task.WhenAll(leaving.Select(BarrierWorkItem.After)).ConfigureAwait(false);
            foreach (var activation in leaving)
            {
                activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.PartitionMoved, $"partition {partition} moved"));
            }

            await Task.WhenAll(leaving.Select(a => a.Deactivated)).ConfigureAwait(false);
            deactivated = leaving.Length;
        }).ConfigureAwait(false);
        TransportLog.HandedOver(logger, partition, last, deactivated);
    }

    /// <summary>Makes every checkpoint participant of <paramref name="partition"/> write its state, each in a turn
    /// queued behind the work delivered to it so far.</summary>
    private Task CheckpointAsync(int partition, CancellationToken cancellationToken)
    {
        var participants = ActivationsOf(partition).Where(static a => CheckpointWorkItem.TakesPart(a.ClassInfo!.ClassType)).ToArray();
        return participants.Length == 0 ? Task.CompletedTask : Task.WhenAll(participants.Select(a => CheckpointWorkItem.Run(a, cancellationToken)));
    }

    private ActivationData[] ActivationsOf(int partition) =>
        [.. runtime.Catalog.AllActivations.Where(a => a.ClassInfo is { IsStatelessWorker: false } && PartitionHash.Partition(a.GrainId.Key, transport.PartitionCount) == partition)];

    private void CheckpointAll()
    {
        OwnedPartition[] owned;
        lock (_owned)
        {
            owned = [.. _owned.Values];
        }

        foreach (var partition in owned)
        {
            _ = partition.CheckpointAndAckAsync();
        }
    }
}
