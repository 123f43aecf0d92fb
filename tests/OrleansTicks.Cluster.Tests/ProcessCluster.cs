using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OrleansTicks.Cluster.Tests;

/// <summary>A cluster of real processes on loopback: silos and api nodes started from their built dlls, over the test
/// broker (partition queues no other test uses) and a fresh PostgreSQL database (membership, leader election, grain
/// state and bars). Timings are shortened so that a test sees a dead silo declared dead in seconds.</summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    public const int Partitions = 16;
    public static readonly TimeSpan DeadAfter = TimeSpan.FromSeconds(4);

    private readonly RabbitMqFixture _broker;
    private readonly PostgresDatabaseFixture _database = new();
    private readonly List<NodeProcess> _nodes = [];

    private ProcessCluster(RabbitMqFixture broker)
    {
        _broker = broker;
        Prefix = broker.NewPrefix();
        broker.DeleteAfterwards(Prefix, [.. Enumerable.Range(0, Partitions).Select(p => $"{Prefix}.p{p}"), $"{Prefix}.work"]);
    }

    public string Prefix { get; }

    public IReadOnlyList<NodeProcess> Nodes => _nodes;

    /// <summary>The cluster's database, for reading what the nodes stored.</summary>
    public string DatabaseConnectionString => _database.ConnectionString;

    public static async Task<ProcessCluster> CreateAsync(RabbitMqFixture broker)
    {
        var cluster = new ProcessCluster(broker);
        await cluster._database.InitializeAsync();
        return cluster;
    }

    public NodeProcess StartSilo(string id, IReadOnlyDictionary<string, string>? settings = null) => Start(id, "silo", "OrleansTicks.Silo", settings);

    public NodeProcess StartApi(string id, IReadOnlyDictionary<string, string>? settings = null) => Start(id, "api", "OrleansTicks.Api", settings);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    private NodeProcess Start(string id, string project, string assembly, IReadOnlyDictionary<string, string>? settings)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // .../bin/{Configuration}/net10.0
        var dll = RepositoryRoot.Path(project, "bin", configuration, "net10.0", $"{assembly}.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is not built; the test project references it so that it is.");
        }

        var environment = new Dictionary<string, string>
        {
            ["Cluster__Mode"] = "rabbitmq",
            ["Cluster__SiloId"] = id,
            ["Cluster__Partitions"] = Partitions.ToString(CultureInfo.InvariantCulture),
            ["Cluster__QueuePrefix"] = Prefix,
            ["Cluster__HeartbeatInterval"] = "00:00:00.500",
            ["Cluster__DeadAfter"] = DeadAfter.ToString("c", CultureInfo.InvariantCulture),
            ["Cluster__Leadership__RetryInterval"] = "00:00:01",
            ["ConnectionStrings__RabbitMq"] = _broker.Uri.ToString(),
            ["ConnectionStrings__Postgres"] = _database.ConnectionString,
            ["Storage__Provider"] = "Postgres",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var node = NodeProcess.Start(id, dll, FreePort(), environment);
        _nodes.Add(node);
        return node;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
