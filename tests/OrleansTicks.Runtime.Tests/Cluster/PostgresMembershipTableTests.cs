using OrleansTicks.Runtime.Cluster.Membership;

namespace OrleansTicks.Runtime.Tests.Cluster;

public sealed class PostgresMembershipTableTests : IAsyncLifetime
{
    private static readonly TimeSpan DeadAfter = TimeSpan.FromSeconds(10);
    private MembershipHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await MembershipHarness.CreateAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task EnsureSchema_run_by_many_silos_at_once_succeeds_and_stays_idempotent()
    {
        var tables = Enumerable.Range(0, 8).Select(_ => _harness.CreateTable()).ToArray();
        await Task.WhenAll(tables.Select(table => table.EnsureSchemaAsync())).Within();
        await Task.WhenAll(tables.Select(table => table.EnsureSchemaAsync())).Within();
        Assert.Empty(await tables[0].ReadAllAsync());
    }

    [Fact]
    public async Task Join_of_a_new_silo_is_incarnation_1_and_a_rejoin_increments_it()
    {
        var table = await SchemaAsync();
        Assert.Equal(1, await table.JoinAsync("silo-a", "host-a", 11));
        Assert.Equal(2, await table.JoinAsync("silo-a", "host-b", 12));
        Assert.Equal(1, await table.JoinAsync("silo-b", "host-b", 13));

        var member = await _harness.ReadMemberAsync("silo-a");
        Assert.Equal((2L, MemberStatus.Active, "host-b", 12), (member.Incarnation, member.Status, member.HostName, member.ProcessId));
        Assert.Equal(member.StartedAt, member.HeartbeatAt);
    }

    [Fact]
    public async Task Heartbeat_of_a_superseded_incarnation_is_refused()
    {
        var table = await SchemaAsync();
        var first = await table.JoinAsync("silo-a", "host", 1);
        var second = await table.JoinAsync("silo-a", "host", 2);

        Assert.False(await table.HeartbeatAsync("silo-a", first));
        Assert.True(await table.HeartbeatAsync("silo-a", second));
        Assert.False(await table.HeartbeatAsync("never-joined", 1));
    }

    [Fact]
    public async Task ReadLive_excludes_a_member_silent_longer_than_DeadAfter_by_the_database_clock()
    {
        var table = await SchemaAsync();
        await table.JoinAsync("silo-a", "host", 1);
        await table.JoinAsync("silo-b", "host", 2);
        await _harness.AgeHeartbeatAsync("silo-b", DeadAfter + TimeSpan.FromSeconds(1));

        Assert.Equal(["silo-a"], (await table.ReadLiveAsync(DeadAfter)).Select(m => m.SiloId));
        Assert.Equal(["silo-a", "silo-b"], (await table.ReadLiveAsync(TimeSpan.FromHours(1))).Select(m => m.SiloId));
    }

    [Fact]
    public async Task MarkDead_declares_only_silent_members_dead_and_their_heartbeat_cannot_revive_them()
    {
        var table = await SchemaAsync();
        await table.JoinAsync("silo-a", "host", 1);
        var silent = await table.JoinAsync("silo-b", "host", 2);
        await _harness.AgeHeartbeatAsync("silo-b", DeadAfter + TimeSpan.FromSeconds(1));

        Assert.Equal(["silo-b"], (await table.MarkDeadAsync(DeadAfter)).ToArray());
        Assert.Empty(await table.MarkDeadAsync(DeadAfter));
        Assert.Equal(MemberStatus.Dead, (await _harness.ReadMemberAsync("silo-b")).Status);
        Assert.False(await table.HeartbeatAsync("silo-b", silent));
        Assert.Equal(["silo-a"], (await table.ReadLiveAsync(TimeSpan.FromHours(1))).Select(m => m.SiloId));

        Assert.Equal(silent + 1, await table.JoinAsync("silo-b", "host", 3));
        Assert.Equal(["silo-a", "silo-b"], (await table.ReadLiveAsync(DeadAfter)).Select(m => m.SiloId));
    }

    [Fact]
    public async Task Leave_removes_the_member_from_the_live_view_at_once()
    {
        var table = await SchemaAsync();
        var incarnation = await table.JoinAsync("silo-a", "host", 1);
        await table.JoinAsync("silo-b", "host", 2);

        Assert.True(await table.LeaveAsync("silo-a", incarnation));
        Assert.False(await table.LeaveAsync("silo-a", incarnation));
        Assert.Equal(["silo-b"], (await table.ReadLiveAsync(TimeSpan.FromHours(1))).Select(m => m.SiloId));
        Assert.Equal(MemberStatus.Leaving, (await _harness.ReadMemberAsync("silo-a")).Status);
        Assert.False(await table.HeartbeatAsync("silo-a", incarnation));
    }

    [Fact]
    public async Task ReadLive_orders_members_ordinally_whatever_the_collation()
    {
        var table = await SchemaAsync();
        foreach (var silo in new[] { "b", "B", "a-1", "a", "Z" })
        {
            await table.JoinAsync(silo, "host", 1);
        }

        Assert.Equal(["B", "Z", "a", "a-1", "b"], (await table.ReadLiveAsync(DeadAfter)).Select(m => m.SiloId));
    }

    private async Task<PostgresMembershipTable> SchemaAsync()
    {
        var table = _harness.CreateTable();
        await table.EnsureSchemaAsync();
        return table;
    }
}
