using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansTicks.Runtime.Cluster.Membership;

namespace OrleansTicks.Runtime.Tests.Cluster;

/// <summary>A fresh PostgreSQL database per test (membership views are cluster-wide, so tests must not share one)
/// and membership agents on it, each with its own data source as if in its own process. Heartbeat every 200 ms; dead
/// after a minute unless a test asks for less, so that a stall of this shared machine never kills a silo in a test
/// about something else (the minute is longer than any wait: no test can pass by waiting for it).</summary>
public sealed class MembershipHarness : IAsyncDisposable
{
    public const int Partitions = 32;
    public static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan DeadAfter = Wait.Generous * 2;

    private readonly PostgresDatabaseFixture _database = new();
    private readonly List<MembershipAgent> _agents = [];
    private readonly List<PostgresMembershipTable> _tables = [];

    private MembershipHarness()
    {
    }

    public string ConnectionString => _database.ConnectionString;

    public static async Task<MembershipHarness> CreateAsync()
    {
        var harness = new MembershipHarness();
        await harness._database.InitializeAsync();
        return harness;
    }

    public PostgresMembershipTable CreateTable()
    {
        var table = PostgresMembershipTable.Create(ConnectionString);
        _tables.Add(table);
        return table;
    }

    public async Task<MembershipAgent> StartAgentAsync(string siloId, TimeSpan? deadAfter = null)
    {
        var table = PostgresMembershipTable.Create(ConnectionString);
        var options = new MembershipOptions
        {
            SiloId = siloId,
            HeartbeatInterval = Heartbeat,
            DeadAfter = deadAfter ?? DeadAfter,
            Partitions = Partitions,
            ConnectionString = ConnectionString,
        };
        var agent = new MembershipAgent(table, Options.Create(options), TimeProvider.System, NullLogger<MembershipAgent>.Instance);
        _tables.Add(table);
        _agents.Add(agent);
        await agent.StartAsync(CancellationToken.None);
        return agent;
    }

    /// <summary>Waits until every agent's view holds exactly <paramref name="silos"/>.</summary>
    public static Task ConvergedAsync(IEnumerable<MembershipAgent> agents, params string[] silos)
    {
        var expected = silos.Order(StringComparer.Ordinal).ToArray();
        return Wait.UntilAsync(
            () => agents.All(agent => agent.View.LiveSilos.SequenceEqual(expected)),
            $"every agent to see exactly [{string.Join(", ", expected)}]");
    }

    public async Task<ClusterMember> ReadMemberAsync(string siloId)
    {
        await using var table = PostgresMembershipTable.Create(ConnectionString);
        return Assert.Single(await table.ReadAllAsync(), member => member.SiloId == siloId);
    }

    /// <summary>Ages <paramref name="siloId"/>'s heartbeat by <paramref name="age"/> in the database, as if it had
    /// been silent that long (deterministic, no waiting).</summary>
    public async Task AgeHeartbeatAsync(string siloId, TimeSpan age)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand("UPDATE cluster_members SET heartbeat_at = heartbeat_at - $1 WHERE silo_id = $2");
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = age });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = siloId });
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>Declares <paramref name="siloId"/> dead in the database, as another silo would after its silence.</summary>
    public async Task DeclareDeadAsync(string siloId)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand("UPDATE cluster_members SET status = 'dead' WHERE silo_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = siloId });
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>Cuts every silo off the database (no new connections, existing ones terminated) or lets them back.</summary>
    public Task SetReachableAsync(bool reachable) => _database.SetReachableAsync(reachable);

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            using var stop = new CancellationTokenSource(Wait.Generous);
            await agent.StopAsync(stop.Token);
            agent.Dispose();
        }

        foreach (var table in _tables)
        {
            await table.DisposeAsync();
        }

        await _database.DisposeAsync();
    }
}
