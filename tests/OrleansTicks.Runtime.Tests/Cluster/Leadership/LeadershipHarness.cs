using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansTicks.Runtime.Cluster.Leadership;

namespace OrleansTicks.Runtime.Tests.Cluster.Leadership;

/// <summary>A fresh PostgreSQL database per test (advisory locks are per database, so tests cannot disturb each other)
/// and elections on it, each with its own session as if in its own silo. A try or check every 100 ms; a check fails
/// after 2 s (generous: a slow check on this shared machine would only cause a needless step-down); the server drops a silent session only after two minutes, longer than any wait of a test, so that
/// no test can pass by waiting for a timeout it is not about.</summary>
public sealed class LeadershipHarness : IAsyncDisposable
{
    public static readonly LeaderElectionOptions Fast = new()
    {
        RetryInterval = TimeSpan.FromMilliseconds(100),
        CheckTimeout = TimeSpan.FromSeconds(2),
        SessionTimeout = Wait.Generous * 4,
    };

    private readonly PostgresDatabaseFixture _database = new();
    private readonly List<PostgresLeaderElection> _elections = [];

    private LeadershipHarness()
    {
    }

    public string ConnectionString => _database.ConnectionString;

    public static async Task<LeadershipHarness> CreateAsync()
    {
        var harness = new LeadershipHarness();
        await harness._database.InitializeAsync();
        return harness;
    }

    public async Task<PostgresLeaderElection> StartAsync(string role, Func<CancellationToken, Task> lead, LeaderElectionOptions? options = null, int? port = null)
    {
        var settings = options ?? Fast;
        var election = new PostgresLeaderElection(
            role,
            lead,
            Options.Create(new LeaderElectionOptions
            {
                RetryInterval = settings.RetryInterval,
                CheckTimeout = settings.CheckTimeout,
                SessionTimeout = settings.SessionTimeout,
                ConnectionString = port is { } through ? new NpgsqlConnectionStringBuilder(ConnectionString) { Port = through }.ConnectionString : ConnectionString,
            }),
            TimeProvider.System,
            NullLogger<PostgresLeaderElection>.Instance);
        _elections.Add(election);
        await election.StartAsync(CancellationToken.None);
        return election;
    }

    /// <summary>Waits until exactly one of <paramref name="elections"/> leads and returns it.</summary>
    public static async Task<PostgresLeaderElection> LeaderAsync(IEnumerable<PostgresLeaderElection> elections)
    {
        PostgresLeaderElection? leader = null;
        await Wait.UntilAsync(
            () =>
            {
                var leaders = elections.Where(e => e.IsLeader).ToArray();
                leader = leaders.Length == 1 ? leaders[0] : null;
                return leader is not null;
            },
            "exactly one election to lead");
        return leader!;
    }

    /// <summary>The server processes holding the advisory lock <paramref name="key"/> in this test's database (what the
    /// server says, not the elections). Advisory locks are per database, and pg_locks shows every database's: tests
    /// running alongside hold the same keys in theirs.</summary>
    public async Task<int[]> LockHoldersAsync(long key)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand("""
            SELECT pid FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND objsubid = 1
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND classid = (($1 >> 32) & 4294967295)::oid AND objid = ($1 & 4294967295)::oid
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
        var holders = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            holders.Add(reader.GetInt32(0));
        }

        return [.. holders];
    }

    /// <summary>Ends the server session holding <paramref name="key"/>, as the server does when the leader's process
    /// is killed (its socket closes); returns the ended session's process id.</summary>
    public async Task<int> TerminateHolderAsync(long key)
    {
        var holder = Assert.Single(await LockHoldersAsync(key));
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand("SELECT pg_terminate_backend($1)");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = holder });
        Assert.Equal(true, await command.ExecuteScalarAsync());
        return holder;
    }

    /// <summary>A proxy to this test's server that a test can freeze, as a network cut.</summary>
    public FreezableTcpProxy CreateProxy()
    {
        var server = new NpgsqlConnectionStringBuilder(ConnectionString);
        return new FreezableTcpProxy(server.Host!, server.Port);
    }

    /// <summary>Cuts every contender off the database (sessions ended, no new ones) or lets them back.</summary>
    public Task SetReachableAsync(bool reachable) => _database.SetReachableAsync(reachable);

    public async ValueTask DisposeAsync()
    {
        foreach (var election in _elections)
        {
            using var stop = new CancellationTokenSource(Wait.Generous);
            await election.StopAsync(stop.Token);
            election.Dispose();
        }

        await _database.DisposeAsync();
    }
}
