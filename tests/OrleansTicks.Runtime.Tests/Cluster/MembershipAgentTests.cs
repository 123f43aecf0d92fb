using OrleansTicks.Runtime.Cluster.Membership;
using OrleansTicks.Runtime.Cluster.Partitioning;

namespace OrleansTicks.Runtime.Tests.Cluster;

public sealed class MembershipAgentTests : IAsyncLifetime
{
    private const int Partitions = MembershipHarness.Partitions;
    private MembershipHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await MembershipHarness.CreateAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Agents_with_distinct_silo_ids_see_each_other_and_agree_on_ownership()
    {
        MembershipAgent[] agents = [await _harness.StartAgentAsync("silo-a"), await _harness.StartAgentAsync("silo-b"), await _harness.StartAgentAsync("silo-c")];
        await MembershipHarness.ConvergedAsync(agents, "silo-a", "silo-b", "silo-c");

        var owners = new string?[Partitions];
        foreach (var agent in agents)
        {
            Assert.NotEmpty(agent.OwnedPartitions);
            foreach (var partition in agent.OwnedPartitions)
            {
                Assert.Null(owners[partition]);
                owners[partition] = agent.SiloId;
            }
        }

        string[] silos = ["silo-a", "silo-b", "silo-c"];
        Assert.Equal(Enumerable.Range(0, Partitions).Select(p => RendezvousOwnership.Owner(p, silos)), owners);
    }

    [Fact]
    public async Task Agent_stopped_without_time_to_leave_is_declared_dead_after_DeadAfter()
    {
        var deadAfter = TimeSpan.FromSeconds(1);
        MembershipAgent[] agents =
        [
            await _harness.StartAgentAsync("silo-a", deadAfter), await _harness.StartAgentAsync("silo-b", deadAfter), await _harness.StartAgentAsync("silo-c", deadAfter),
        ];
        await MembershipHarness.ConvergedAsync(agents, "silo-a", "silo-b", "silo-c");

        // A cancelled stop is the host's shutdown timeout: the silo stops heartbeating without marking itself leaving.
        await agents[2].StopAsync(new CancellationToken(canceled: true));
        Assert.NotEqual(MemberStatus.Leaving, (await _harness.ReadMemberAsync("silo-c")).Status);

        await MembershipHarness.ConvergedAsync(agents[..2], "silo-a", "silo-b");
        Assert.Equal(MemberStatus.Dead, (await _harness.ReadMemberAsync("silo-c")).Status);
        Assert.Equal(Partitions, agents[0].OwnedPartitions.Length + agents[1].OwnedPartitions.Length);
    }

    [Fact]
    public async Task Graceful_leave_is_seen_by_the_others_without_waiting_for_DeadAfter()
    {
        // DeadAfter (the harness's minute) is longer than the test's wait: only the leave itself can make the others
        // drop the silo in time.
        MembershipAgent[] agents = [await _harness.StartAgentAsync("silo-a"), await _harness.StartAgentAsync("silo-b"), await _harness.StartAgentAsync("silo-c")];
        await MembershipHarness.ConvergedAsync(agents, "silo-a", "silo-b", "silo-c");
        var owned = agents[1].OwnedPartitions.ToArray();

        await agents[1].StopAsync(CancellationToken.None).Within();

        Assert.Equal(MemberStatus.Leaving, (await _harness.ReadMemberAsync("silo-b")).Status);
        var last = await LastChangeAsync(agents[1]);
        Assert.Empty(last.Owned);
        Assert.Equal(owned, last.Lost.ToArray());
        await MembershipHarness.ConvergedAsync([agents[0], agents[2]], "silo-a", "silo-c");
    }

    [Fact]
    public async Task Changes_gain_the_initial_partitions_and_move_only_what_a_joining_silo_takes()
    {
        var first = await _harness.StartAgentAsync("silo-a");
        var alone = await first.Changes.ReadAsync().AsTask().Within();
        Assert.Equal(["silo-a"], alone.View.LiveSilos.ToArray());
        Assert.Equal(Enumerable.Range(0, Partitions), alone.Gained);
        Assert.Empty(alone.Lost);

        var second = await _harness.StartAgentAsync("silo-b");
        var joined = await second.Changes.ReadAsync().AsTask().Within();
        Assert.Equal(["silo-a", "silo-b"], joined.View.LiveSilos.ToArray());
        Assert.Equal(joined.Owned.ToArray(), joined.Gained.ToArray());
        Assert.Empty(joined.Lost);

        var handedOver = await first.Changes.ReadAsync().AsTask().Within();
        Assert.Equal(["silo-a", "silo-b"], handedOver.View.LiveSilos.ToArray());
        Assert.Equal(2, handedOver.View.Version);
        Assert.Empty(handedOver.Gained);
        Assert.Equal(joined.Gained.ToArray(), handedOver.Lost.ToArray());
    }

    [Fact]
    public async Task Restarted_silo_rejoins_with_a_higher_incarnation()
    {
        var other = await _harness.StartAgentAsync("silo-a");
        var before = await _harness.StartAgentAsync("silo-b");
        await MembershipHarness.ConvergedAsync([other, before], "silo-a", "silo-b");
        Assert.Equal(1, before.Incarnation);
        await before.StopAsync(CancellationToken.None).Within();
        await MembershipHarness.ConvergedAsync([other], "silo-a");

        var after = await _harness.StartAgentAsync("silo-b");
        await MembershipHarness.ConvergedAsync([other, after], "silo-a", "silo-b");
        Assert.Equal(2, after.Incarnation);
        Assert.Equal(2, (await _harness.ReadMemberAsync("silo-b")).Incarnation);
    }

    [Fact]
    public async Task Silo_declared_dead_while_alive_drops_its_partitions_and_rejoins_as_a_new_incarnation()
    {
        var other = await _harness.StartAgentAsync("silo-a");
        var victim = await _harness.StartAgentAsync("silo-b");
        await MembershipHarness.ConvergedAsync([other, victim], "silo-a", "silo-b");
        var owned = victim.OwnedPartitions.ToArray();

        await _harness.DeclareDeadAsync("silo-b");

        await Wait.UntilAsync(() => victim.Incarnation == 2, "silo-b to rejoin as incarnation 2");
        await MembershipHarness.ConvergedAsync([other, victim], "silo-a", "silo-b");
        var changes = new List<MembershipChange>();
        while (victim.Changes.TryRead(out var change))
        {
            changes.Add(change);
        }

        Assert.Contains(changes, change => change.Owned.IsEmpty && change.Lost.SequenceEqual(owned));
    }

    [Fact]
    public async Task Silo_cut_off_from_the_database_for_DeadAfter_gives_up_its_partitions_and_takes_them_back_after()
    {
        var agent = await _harness.StartAgentAsync("silo-a", TimeSpan.FromSeconds(1));
        await MembershipHarness.ConvergedAsync([agent], "silo-a");
        var joined = await agent.Changes.ReadAsync().AsTask().Within();
        Assert.Equal(Partitions, joined.Owned.Length);

        await _harness.SetReachableAsync(false);
        var isolated = await agent.Changes.ReadAsync().AsTask().Within();
        Assert.Empty(isolated.View.LiveSilos);
        Assert.Equal(joined.Owned.ToArray(), isolated.Lost.ToArray());

        await _harness.SetReachableAsync(true);
        var back = await agent.Changes.ReadAsync().AsTask().Within();
        Assert.Equal(["silo-a"], back.View.LiveSilos.ToArray());
        Assert.Equal(joined.Owned.ToArray(), back.Gained.ToArray());
    }

    private static async Task<MembershipChange> LastChangeAsync(MembershipAgent agent)
    {
        MembershipChange? last = null;
        await foreach (var change in agent.Changes.ReadAllAsync().WithCancellation(CancellationToken.None))
        {
            last = change;
        }

        return Assert.IsType<MembershipChange>(last);
    }
}
