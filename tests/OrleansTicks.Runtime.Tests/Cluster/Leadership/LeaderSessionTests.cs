using Npgsql;
using OrleansTicks.Runtime.Cluster.Leadership;

namespace OrleansTicks.Runtime.Tests.Cluster.Leadership;

public sealed class LeaderSessionTests : IAsyncLifetime
{
    private const long Key = 0x1E625814BCD5750FL;
    private LeadershipHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await LeadershipHarness.CreateAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Session_holds_the_lock_until_it_releases_it_and_proves_it_through_pg_locks()
    {
        await using var first = await OpenAsync(LeadershipHarness.Fast.SessionTimeout);
        await using var second = await OpenAsync(LeadershipHarness.Fast.SessionTimeout);

        Assert.True(await first.TryLockAsync(Key, CancellationToken.None));
        Assert.False(await second.TryLockAsync(Key, CancellationToken.None));
        Assert.True(await first.HoldsLockAsync(Key, CancellationToken.None));
        Assert.False(await second.HoldsLockAsync(Key, CancellationToken.None));
        Assert.Equal([first.ProcessId], await _harness.LockHoldersAsync(Key));

        Assert.True(await first.UnlockAsync(Key, CancellationToken.None));
        Assert.False(await first.HoldsLockAsync(Key, CancellationToken.None));
        Assert.True(await second.TryLockAsync(Key, CancellationToken.None));
    }

    [Fact]
    public async Task Negative_keys_are_found_in_pg_locks_too()
    {
        const long negative = unchecked((long)0xF8C67EE03005EC37ul);
        await using var session = await OpenAsync(LeadershipHarness.Fast.SessionTimeout);

        Assert.True(await session.TryLockAsync(negative, CancellationToken.None));
        Assert.True(await session.HoldsLockAsync(negative, CancellationToken.None));
        Assert.False(await session.HoldsLockAsync(negative + 1, CancellationToken.None));
    }

    [Fact]
    public async Task Closing_the_session_frees_the_lock_without_waiting_for_the_session_timeout()
    {
        // The session timeout (the harness's minutes) is longer than the wait: only the close can free the lock. The
        // server ends the closed session asynchronously, so the other session polls for it.
        await using var other = await OpenAsync(LeadershipHarness.Fast.SessionTimeout);
        var session = await OpenAsync(LeadershipHarness.Fast.SessionTimeout);
        Assert.True(await session.TryLockAsync(Key, CancellationToken.None));

        await session.DisposeAsync();

        await TakeOnceFreeAsync(other);
    }

    [Fact]
    public async Task Server_ends_a_silent_session_after_the_session_timeout_and_frees_its_lock()
    {
        // A leader that vanished without closing its socket: it sends nothing more. Its session, told to end after a
        // second of silence, is dropped by the server, and the lock with it. (Without the timeout it would hold forever
        // and the wait below would give up.)
        await using var silent = await OpenAsync(TimeSpan.FromSeconds(1));
        Assert.True(await silent.TryLockAsync(Key, CancellationToken.None));
        await using var successor = await OpenAsync(LeadershipHarness.Fast.SessionTimeout);

        await TakeOnceFreeAsync(successor);

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => silent.HoldsLockAsync(Key, CancellationToken.None));
    }

    // No signal to wait for but the lock itself: polls it, as Wait.UntilAsync polls a condition.
    private static async Task TakeOnceFreeAsync(LeaderSession session)
    {
        var deadline = DateTime.UtcNow + Wait.Generous;
        while (!await session.TryLockAsync(Key, CancellationToken.None))
        {
            Assert.True(DateTime.UtcNow < deadline, "the lock was never freed");
            await Task.Delay(20);
        }
    }

    private async Task<LeaderSession> OpenAsync(TimeSpan sessionTimeout)
    {
        var options = new LeaderElectionOptions
        {
            RetryInterval = LeadershipHarness.Fast.RetryInterval,
            CheckTimeout = LeadershipHarness.Fast.CheckTimeout,
            SessionTimeout = sessionTimeout,
            ConnectionString = _harness.ConnectionString,
        };
        return await LeaderSession.OpenAsync(LeaderSession.BuildConnectionString(options, "test"), sessionTimeout, CancellationToken.None);
    }
}
