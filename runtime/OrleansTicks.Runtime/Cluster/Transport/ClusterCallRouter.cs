using OrleansTicks.Runtime.Calls;
using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Cluster.Partitioning;

namespace OrleansTicks.Runtime.Cluster.Transport;

/// <summary>Routes calls in cluster mode. A grain lives on the silo that owns its key's partition: calls for a
/// partition this silo owns run here directly, all others go to the partition's queue. An observer lives on the node
/// its key names: calls for another node go to that node's queue. Stateless workers run on any silo: a silo runs
/// them itself, an api node (which hosts no grains) sends them to the shared work queue.</summary>
internal sealed class ClusterCallRouter(ClusterTransport transport, IGrainCallRouter local) : IGrainCallRouter
{
    public void Send(GrainReference target, IWorkItem item)
    {
        var id = target.GrainId;
        string? node = null;
        var partition = -1;
        if (id.Type == GrainFactory.ObserverGrainType)
        {
            node = GrainFactory.ObserverNode(id.Key);
            if (node is null || node == transport.NodeId)
            {
                local.Send(target, item);
                return;
            }
        }
        else if (target.Interface.Class is { IsStatelessWorker: true })
        {
            if (transport.HostsGrains)
            {
                local.Send(target, item);
                return;
            }
        }
        else
        {
            partition = PartitionHash.Partition(id.Key, transport.PartitionCount);
            if (transport.Owns(partition))
            {
                local.Send(target, item);
                return;
            }
        }

        if (item is not IGrainCall call)
        {
            item.Fail(new InvalidOperationException($"Only grain calls travel between nodes, not {item.GetType().Name}."));
        }
        else if (node is not null)
        {
            transport.SendToNode(node, target, call);
        }
        else if (partition < 0)
        {
            transport.SendToWorkQueue(target, call);
        }
        else
        {
            transport.SendToPartition(partition, target, call);
        }
    }
}
