using RabbitMQ.Client;

namespace OrleansTicks.Runtime.Tests.Cluster.RabbitMq;

/// <summary>The broker behaviour cluster mode relies on (ARCHITECTURE.md, "Single active consumer"), and the
/// consumer's ack contract on top of it.</summary>
[Collection(RabbitMqCollection.Name)]
public sealed class SingleActiveConsumerTests(RabbitMqFixture broker)
{
    [Fact]
    public async Task Two_consumers_on_one_partition_only_the_first_receives()
    {
        var setup = await broker.ConnectAsync("setup");
        var topology = await RabbitMqTestTopology.DeclareAsync(broker, setup, partitions: 1);
        var active = new ReceivedDeliveries();
        var standby = new ReceivedDeliveries();
        await using var first = await RabbitMqTestTopology.ConsumeAsync(await broker.ConnectAsync("first"), topology, 0, active);
        await using var second = await RabbitMqTestTopology.ConsumeAsync(await broker.ConnectAsync("second"), topology, 0, standby);

        await RabbitMqTestTopology.PublishNumbersAsync(setup, topology, 0, from: 0, count: 20);
        await active.UntilAsync(20, "the active consumer");
        // A marker published after the 20 arrives after them: once the active consumer has it, the standby
        // would have had its chance at all 20.
        await RabbitMqTestTopology.PublishNumbersAsync(setup, topology, 0, from: 20, count: 1);
        await active.UntilAsync(21, "the active consumer");

        Assert.Equal(Enumerable.Range(0, 21), active.All.Select(r => r.Number));
        Assert.Equal(0, standby.Count);
    }

    [Fact]
    public async Task Active_connection_dying_with_50_unacked_hands_all_50_to_the_standby_flagged_redelivered()
    {
        var setup = await broker.ConnectAsync("setup");
        var topology = await RabbitMqTestTopology.DeclareAsync(broker, setup, partitions: 1);
        var active = new ReceivedDeliveries();
        var standby = new ReceivedDeliveries();
        var activeConnection = await broker.ConnectAsync("active");
        var first = await RabbitMqTestTopology.ConsumeAsync(activeConnection, topology, 0, active);
        await using var second = await RabbitMqTestTopology.ConsumeAsync(await broker.ConnectAsync("standby"), topology, 0, standby);
        await RabbitMqTestTopology.PublishNumbersAsync(setup, topology, 0, from: 0, count: 50);
        await active.UntilAsync(50, "the active consumer");

        // The process "dies": its connection goes without a word (no cancel, no ack).
        await activeConnection.AbortAsync();

        await standby.UntilAsync(50, "the standby consumer");
        Assert.Equal(Enumerable.Range(0, 50), standby.All.Select(r => r.Number));
        Assert.All(standby.All, r => Assert.True(r.Redelivered));
        await first.DisposeAsync();
    }

    [Fact]
    public async Task Ack_up_to_N_leaves_later_deliveries_to_be_redelivered_after_a_crash()
    {
        var setup = await broker.ConnectAsync("setup");
        var topology = await RabbitMqTestTopology.DeclareAsync(broker, setup, partitions: 1);
        var active = new ReceivedDeliveries();
        var activeConnection = await broker.ConnectAsync("active");
        var first = await RabbitMqTestTopology.ConsumeAsync(activeConnection, topology, 0, active);
        await RabbitMqTestTopology.PublishNumbersAsync(setup, topology, 0, from: 0, count: 30);
        await active.UntilAsync(30, "the active consumer");

        var checkpointed = active.All[19];
        Assert.Equal(19, checkpointed.Number);
        await first.AckUpToAsync(checkpointed.DeliveryTag);
        await activeConnection.AbortAsync();
        await first.DisposeAsync();

        var next = new ReceivedDeliveries();
        await using var second = await RabbitMqTestTopology.ConsumeAsync(await broker.ConnectAsync("next"), topology, 0, next);
        await next.UntilAsync(10, "the next consumer");
        await RabbitMqTestTopology.PublishNumbersAsync(setup, topology, 0, from: 30, count: 1);
        await next.UntilAsync(11, "the next consumer");

        Assert.Equal(Enumerable.Range(20, 11), next.All.Select(r => r.Number));
        Assert.All(next.All.Take(10), r => Assert.True(r.Redelivered));
        Assert.False(next.All[10].Redelivered);
    }

    [Fact]
    public async Task Handover_stops_deliveries_acks_what_was_handled_and_the_standby_gets_exactly_the_rest()
    {
        var setup = await broker.ConnectAsync("setup");
        var topology = await RabbitMqTestTopology.DeclareAsync(broker, setup, partitions: 1);
        var active = new ReceivedDeliveries();
        var standby = new ReceivedDeliveries();
        var first = await RabbitMqTestTopology.ConsumeAsync(await broker.ConnectAsync("active"), topology, 0, active, prefetch: 10);
        await using var second = await RabbitMqTestTopology.ConsumeAsync(await broker.ConnectAsync("standby"), topology, 0, standby);
        await RabbitMqTestTopology.PublishNumbersAsync(setup, topology, 0, from: 0, count: 40);
        // With prefetch 10 and no ack, the active consumer holds 10 and the other 30 wait in the queue.
        await active.UntilAsync(10, "the active consumer");

        var last = await first.StopDeliveriesAsync();
        var handled = active.Count;
        Assert.Equal(active.All[^1].DeliveryTag, last);
        await first.AckUpToAsync(last);
        await first.DisposeAsync();

        // The ack opened the prefetch window, so the broker may have sent the stopping consumer more; it never
        // handed those over, and they come back (flagged redelivered) with the rest: nothing lost, nothing twice.
        await standby.UntilAsync(40 - handled, "the standby consumer");
        Assert.Equal(Enumerable.Range(0, 40), active.All.Concat(standby.All).Select(r => r.Number));
    }
}
