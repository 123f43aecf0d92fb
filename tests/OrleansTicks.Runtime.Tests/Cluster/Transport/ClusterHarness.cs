using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansTicks.Runtime.Cluster.Membership;
using OrleansTicks.Runtime.Cluster.Partitioning;
using OrleansTicks.Runtime.Cluster.Transport;
using OrleansTicks.Runtime.Tests.Infrastructure;

namespace OrleansTicks.Runtime.Tests.Cluster.Transport;

/// <summary>Cluster nodes in this test process, each a host of its own as if a process of its own, over the test
/// broker (a topology no other test uses) and a fresh PostgreSQL database (membership and grain state).</summary>
public sealed class ClusterHarness : IAsyncDisposable
{
    public const int Partitions = 8;
    public const string StreamProvider = "cluster";

    private readonly RabbitMqFixture _broker;
    private readonly PostgresDatabaseFixture _database = new();
    private readonly List<ClusterNode> _nodes = [];

    private ClusterHarness(RabbitMqFixture broker)
    {
        _broker = broker;
        Prefix = broker.NewPrefix();
        broker.DeleteAfterwards(Prefix, [.. Enumerable.Range(0, Partitions).Select(p => $"{Prefix}.p{p}"), $"{Prefix}.work"]);
    }

    public string Prefix { get; }

    public IReadOnlyList<ClusterNode> Nodes => _nodes;

    public static async Task<ClusterHarness> CreateAsync(RabbitMqFixture broker)
    {
        var harness = new ClusterHarness(broker);
        await harness._database.InitializeAsync();
        return harness;
    }

    public async Task<ClusterNode> StartAsync(string nodeId, ClusterRole role, TimeSpan? deadAfter = null, Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:SiloId"] = nodeId,
            ["Cluster:Partitions"] = Partitions.ToString(CultureInfo.InvariantCulture),
            ["Cluster:QueuePrefix"] = Prefix,
            ["Cluster:HeartbeatInterval"] = "00:00:00.200",
            ["Cluster:DeadAfter"] = (deadAfter ?? MembershipHarness.DeadAfter).ToString("c", CultureInfo.InvariantCulture),
            ["ConnectionStrings:RabbitMq"] = _broker.Uri.ToString(),
            ["ConnectionStrings:Postgres"] = _database.ConnectionString,
            ["Storage:Postgres:ConnectionString"] = _database.ConnectionString,
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Services.AddSingleton<Probe>();
        builder.Services.AddLogging();
        builder.UseOrleansTicks(silo => silo
            .AddGrainsFromAssembly(typeof(ClusterHarness).Assembly)
            .AddPostgresGrainStorage()
            .AddMemoryStreams("memory")
            .UseRabbitMqCluster(role)
            .AddClusterStreams(StreamProvider));
        var host = builder.Build();
        await host.StartAsync();
        var node = new ClusterNode(nodeId, role, host);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Waits until the running silos own every partition between them, each exactly once, as rendezvous
    /// hashing over them assigns it.</summary>
    public Task OwnershipSettledAsync()
    {
        var silos = _nodes.Where(n => n.Role == ClusterRole.Silo && n.IsRunning).ToArray();
        var ids = silos.Select(s => s.NodeId).Order(StringComparer.Ordinal).ToArray();
        return Wait.UntilAsync(
            () => silos.All(s => s.OwnedPartitions.SequenceEqual(RendezvousOwnership.Owned(s.NodeId, ids, Partitions))),
            $"the partitions to settle over [{string.Join(", ", ids)}] (now: {string.Join("; ", silos.Select(s => $"{s.NodeId}: {string.Join(',', s.OwnedPartitions)}"))})");
    }

    /// <summary>The silo rendezvous hashing puts <paramref name="key"/> on, among <paramref name="silos"/>.</summary>
    public static string OwnerOf(string key, params string[] silos) => RendezvousOwnership.Owner(PartitionHash.Partition(key, Partitions), silos);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Enumerable.Reverse(_nodes))
        {
            await node.DisposeAsync();
        }

        await _database.DisposeAsync();
    }
}

/// <summary>One node of a <see cref="ClusterHarness"/>.</summary>
public sealed class ClusterNode(string nodeId, ClusterRole role, IHost host) : IAsyncDisposable
{
    private bool _crashed;

    public string NodeId { get; } = nodeId;

    public ClusterRole Role { get; } = role;

    public IHost Host { get; } = host;

    public bool IsRunning { get; private set; } = true;

    public IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    public int[] OwnedPartitions => Role == ClusterRole.Silo && IsRunning ? Host.Services.GetRequiredService<PartitionHost>().Owned : [];

    public MembershipAgent Membership => Host.Services.GetRequiredService<MembershipAgent>();

    /// <summary>Ends the node as a crash would, as far as a process can do it to a part of itself: no leave, no
    /// handover, no deactivation (nothing written), its broker connection closed with its deliveries unacknowledged;
    /// the others see it dead after <c>Cluster:DeadAfter</c>.</summary>
    public async Task CrashAsync()
    {
        IsRunning = false;
        _crashed = true;
        await ((IAsyncDisposable)Host).DisposeAsync();
    }

    /// <summary>Stops the node the way SIGTERM does: leaves membership and hands its partitions over.</summary>
    public async Task StopAsync()
    {
        if (IsRunning)
        {
            IsRunning = false;
            await Host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_crashed)
        {
            return;
        }

        await StopAsync();
        await ((IAsyncDisposable)Host).DisposeAsync();
    }
}
