using OrleansTicks.Runtime.Cluster.Leadership;

namespace OrleansTicks.Runtime.Tests.Cluster.Leadership;

public sealed class PostgresLeaderElectionTests : IAsyncLifetime
{
    private const string Role = "feed:binance";
    private LeadershipHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await LeadershipHarness.CreateAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Of_three_contenders_exactly_one_leads_and_its_work_runs_once_at_a_time()
    {
        var work = new LeaderWork();
        PostgresLeaderElection[] elections =
            [await _harness.StartAsync(Role, work.For("a")), await _harness.StartAsync(Role, work.For("b")), await _harness.StartAsync(Role, work.For("c"))];

        var leader = await LeadershipHarness.LeaderAsync(elections);
        await Wait.UntilAsync(() => work.Running == 1, "the leader's work to run");

        // Many rounds of tries by the other two: none of them gets the lock or starts the work.
        var followers = elections.Where(e => e != leader).ToArray();
        await Wait.UntilAsync(() => followers.All(f => f.State == LeaderState.Contending), "the others to contend");
        var holders = await _harness.LockHoldersAsync(leader.LockKey);
        Assert.Single(holders);
        Assert.Single(work.Starts);
        Assert.Equal(1, work.MaxRunning);
        Assert.All(followers, f => Assert.False(f.IsLeader));
        Assert.All(followers, f => Assert.Equal(0, f.Term));
    }

    [Fact]
    public async Task Graceful_stop_hands_leadership_over_without_waiting_for_a_timeout()
    {
        // The server would drop a silent session only after the harness's minutes, longer than any wait here: only the
        // release on stop can let another contender lead in time.
        var work = new LeaderWork();
        PostgresLeaderElection[] elections =
            [await _harness.StartAsync(Role, work.For("a")), await _harness.StartAsync(Role, work.For("b")), await _harness.StartAsync(Role, work.For("c"))];
        var first = await LeadershipHarness.LeaderAsync(elections);
        var firstName = work.Starts.Single();

        await first.StopAsync(CancellationToken.None).Within();

        Assert.Equal(LeaderState.Stopped, first.State);
        Assert.Equal(1, work.CancelledRuns(firstName));
        var rest = elections.Where(e => e != first).ToArray();
        var second = await LeadershipHarness.LeaderAsync(rest);
        await Wait.UntilAsync(() => work.Starts.Count == 2 && work.Running == 1, "the new leader's work to run");
        Assert.NotEqual(firstName, work.Starts[1]);

        await second.StopAsync(CancellationToken.None).Within();
        var third = await LeadershipHarness.LeaderAsync(rest.Where(e => e != second));
        await Wait.UntilAsync(() => work.Starts.Count == 3 && work.Running == 1, "the last contender's work to run");
        Assert.Equal(["a", "b", "c"], work.Starts.Order());
        Assert.Equal(1, work.MaxRunning);
        Assert.True(third.IsLeader);
    }

    [Fact]
    public async Task Killing_the_leaders_session_makes_another_contender_lead_and_the_old_leader_stop_its_work()
    {
        var work = new LeaderWork();
        PostgresLeaderElection[] elections = [await _harness.StartAsync(Role, work.For("a")), await _harness.StartAsync(Role, work.For("b"))];
        var old = await LeadershipHarness.LeaderAsync(elections);
        var oldName = work.Starts.Single();
        var successor = elections.Single(e => e != old);

        // What the server does when the leader's process is killed: its session ends and the lock is free.
        var ended = await _harness.TerminateHolderAsync(old.LockKey);

        await Wait.UntilAsync(() => successor.IsLeader, "the other contender to lead");
        await Wait.UntilAsync(() => work.CancelledRuns(oldName) == 1, "the old leader to cancel its work, seeing its session lost");
        Assert.False(old.IsLeader);
        await Wait.UntilAsync(() => work.Running == 1 && work.Starts.Count == 2, "only the successor's work to run");
        var holders = await _harness.LockHoldersAsync(old.LockKey);
        Assert.DoesNotContain(ended, holders);
        Assert.Single(holders);

        // The old leader contends again, as a follower.
        await Wait.UntilAsync(() => old.State == LeaderState.Contending, "the old leader to contend again");
        Assert.Equal(1, old.Term);
    }

    [Fact]
    public async Task Leader_cut_off_from_the_database_stops_its_work_and_the_role_is_led_again_once_it_is_reachable()
    {
        var work = new LeaderWork();
        PostgresLeaderElection[] elections = [await _harness.StartAsync(Role, work.For("a")), await _harness.StartAsync(Role, work.For("b"))];
        await LeadershipHarness.LeaderAsync(elections);
        var oldName = work.Starts.Single();

        await _harness.SetReachableAsync(false);

        // Nobody can prove it holds the lock, so nobody leads while the database is out of reach.
        await Wait.UntilAsync(() => work.CancelledRuns(oldName) == 1 && work.Running == 0, "the leader to stop its work");
        Assert.All(elections, e => Assert.False(e.IsLeader));

        await _harness.SetReachableAsync(true);
        await LeadershipHarness.LeaderAsync(elections);
        await Wait.UntilAsync(() => work.Running == 1 && work.Starts.Count == 2, "the role's work to run again");
        Assert.Equal(1, work.MaxRunning);
        Assert.Equal(2, elections.Sum(e => e.Term));
    }

    [Fact]
    public async Task Leader_behind_a_network_cut_stops_its_work_before_the_server_lets_a_successor_lead()
    {
        // The leader reaches the database through a proxy that goes silent without closing anything: only its own
        // failing checks can stop it, and only the server's session timeout can free its lock. The leader gives up within
        // RetryInterval + 2 x CheckTimeout (0.9 s) of its last check, the server frees the lock 3 s after it: the old
        // work must be cancelled before the successor's starts, never overlapping it.
        var options = new LeaderElectionOptions
        {
            RetryInterval = TimeSpan.FromMilliseconds(100),
            CheckTimeout = TimeSpan.FromMilliseconds(400),
            SessionTimeout = TimeSpan.FromSeconds(3),
        };
        await using var proxy = _harness.CreateProxy();
        var work = new LeaderWork();
        var cut = await _harness.StartAsync(Role, work.For("cut"), options, proxy.Port);
        await LeadershipHarness.LeaderAsync([cut]);
        var successor = await _harness.StartAsync(Role, work.For("successor"), options);
        await Wait.UntilAsync(() => successor.State == LeaderState.Contending, "the successor to contend");

        proxy.Freeze();

        await Wait.UntilAsync(() => work.Starts.Count == 2 && work.Running == 1, "the successor's work to run");
        Assert.True(successor.IsLeader);
        Assert.Equal(["cut", "successor"], work.Starts);
        Assert.Equal(1, work.CancelledRuns("cut"));
        Assert.Equal(1, work.MaxRunning);
    }

    [Fact]
    public async Task Work_that_fails_steps_down_and_the_role_is_taken_again()
    {
        var work = new LeaderWork { FailFirstRuns = 1 };
        var election = await _harness.StartAsync(Role, work.For("a"));

        await Wait.UntilAsync(() => election.Term == 2 && work.Running == 1, "a second term with running work after the first failed");
        Assert.True(election.IsLeader);
        Assert.Equal(["a", "a"], work.Starts);
        Assert.Single(await _harness.LockHoldersAsync(election.LockKey));
    }

    [Fact]
    public async Task Work_that_fails_lets_another_contender_lead()
    {
        var work = new LeaderWork { FailFirstRuns = 1 };
        PostgresLeaderElection[] elections = [await _harness.StartAsync(Role, work.For("a")), await _harness.StartAsync(Role, work.For("b"))];

        await Wait.UntilAsync(() => work.Starts.Count >= 2 && work.Running == 1, "the role to be led again after the first run failed");
        await LeadershipHarness.LeaderAsync(elections);
        Assert.Equal(1, work.MaxRunning);
    }

    [Fact]
    public async Task Two_roles_lead_independently()
    {
        var binance = new LeaderWork();
        var finnhub = new LeaderWork();
        PostgresLeaderElection[] binanceElections =
            [await _harness.StartAsync("feed:binance", binance.For("silo-a")), await _harness.StartAsync("feed:binance", binance.For("silo-b"))];
        PostgresLeaderElection[] finnhubElections =
            [await _harness.StartAsync("feed:finnhub", finnhub.For("silo-a")), await _harness.StartAsync("feed:finnhub", finnhub.For("silo-b"))];

        var binanceLeader = await LeadershipHarness.LeaderAsync(binanceElections);
        var finnhubLeader = await LeadershipHarness.LeaderAsync(finnhubElections);
        await Wait.UntilAsync(() => binance.Running == 1 && finnhub.Running == 1, "both roles' work to run");
        Assert.NotEqual(binanceLeader.LockKey, finnhubLeader.LockKey);

        // Losing one role leaves the other alone.
        await _harness.TerminateHolderAsync(binanceLeader.LockKey);
        await Wait.UntilAsync(() => binance.Starts.Count == 2 && binance.Running == 1, "feed:binance to be led again");
        Assert.True(finnhubLeader.IsLeader);
        Assert.Single(finnhub.Starts);
        Assert.Equal(1, finnhub.MaxRunning);
    }

    [Fact]
    public async Task Stop_while_contending_ends_the_election_without_running_the_work()
    {
        var work = new LeaderWork();
        var leader = await _harness.StartAsync(Role, work.For("a"));
        await LeadershipHarness.LeaderAsync([leader]);
        var follower = await _harness.StartAsync(Role, work.For("b"));
        await Wait.UntilAsync(() => follower.State == LeaderState.Contending, "the second election to contend");

        await follower.StopAsync(CancellationToken.None).Within();

        Assert.Equal(LeaderState.Stopped, follower.State);
        Assert.Equal(["a"], work.Starts);
        Assert.True(leader.IsLeader);
    }

    [Fact]
    public void Lock_key_is_the_64_bit_stable_hash_of_the_role()
    {
        // Computed independently (Python) from fmix64(fnv1a64(utf8(role))), as docs/CLUSTER.md defines it.
        Assert.Equal(unchecked((long)0xF8C67EE03005EC37ul), PostgresLeaderElection.LockKeyOf("feed:binance"));
        Assert.Equal(0x1E625814BCD5750FL, PostgresLeaderElection.LockKeyOf("feed:finnhub"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("feed binance")]
    [InlineData("feed:\nbinance")]
    public void Role_that_is_not_a_plain_name_is_rejected_with_a_clear_error(string role)
    {
        var error = Assert.Throws<ArgumentException>(() => PostgresLeaderElection.LockKeyOf(role));
        Assert.Contains("e.g. \"feed:binance\"", error.Message, StringComparison.Ordinal);
    }
}
