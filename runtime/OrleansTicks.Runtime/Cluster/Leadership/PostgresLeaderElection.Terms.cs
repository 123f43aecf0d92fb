namespace OrleansTicks.Runtime.Cluster.Leadership;

// Contending for the lock, and one term of leading: start the work, check the lock, step down.
public sealed partial class PostgresLeaderElection
{
    // Tries the lock every RetryInterval on one session (reopened after a failure) until it holds it.
    private async Task<LeaderSession> AcquireAsync(CancellationToken stoppingToken)
    {
        LeaderSession? session = null;
        var failing = false;
        try
        {
            while (true)
            {
                try
                {
                    session ??= await LeaderSession.OpenAsync(_connectionString, _options.SessionTimeout, stoppingToken).ConfigureAwait(false);
                    var locked = await session.TryLockAsync(LockKey, CancellationToken.None)
                        .WaitAsync(_options.CheckTimeout, _timeProvider, stoppingToken).ConfigureAwait(false);
                    if (failing)
                    {
                        _logger.ContendRecovered(Role);
                        failing = false;
                    }

                    if (locked)
                    {
                        var won = session;
                        session = null;
                        return won;
                    }
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // Unreachable, slow or broken: a try that timed out may still have taken the lock on the server,
                    // so the session goes (and the lock with it) and the next try opens a new one.
                    if (!failing)
                    {
                        _logger.ContendFailed(exception, Role, _options.RetryInterval);
                        failing = true;
                    }

                    if (session is not null)
                    {
                        await session.DisposeAsync().ConfigureAwait(false);
                        session = null;
                    }
                }

                await Task.Delay(_options.RetryInterval, _timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    // One term: runs the work while the lock is proven held, then steps down and ends the session.
    private async Task LeadAsync(LeaderSession session, CancellationToken stoppingToken)
    {
        var term = Interlocked.Increment(ref _term);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        SetState(LeaderState.Leading);
        _logger.Elected(Role, term, session.ProcessId);
        var running = Task.Run(() => _lead(work.Token), CancellationToken.None);
        var lockHeld = await WatchAsync(session, running, term, stoppingToken).ConfigureAwait(false);

        SetState(LeaderState.SteppingDown);
        var endedOnItsOwn = running.IsCompleted;
        await work.CancelAsync().ConfigureAwait(false);
        var reason = !lockHeld ? "the lock is lost" : stoppingToken.IsCancellationRequested ? "the silo is stopping" : "the work returned";
        try
        {
            await running.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!endedOnItsOwn)
        {
            // The work honoured the cancellation.
        }
        catch (Exception exception)
        {
            _logger.WorkFailed(exception, Role, term, _options.RetryInterval);
            reason = lockHeld ? "the work failed" : reason;
        }

        // Unlocking first makes the release synchronous: the server ends a closed session asynchronously, so a close
        // alone would free the lock a moment after this returns.
        if (lockHeld)
        {
            try
            {
                await session.UnlockAsync(LockKey, CancellationToken.None).WaitAsync(_options.CheckTimeout, _timeProvider, CancellationToken.None).ConfigureAwait(false);
                reason += "; the lock is released";
            }
            catch (Exception exception)
            {
                _logger.ReleaseFailed(exception, Role);
            }
        }

        await session.DisposeAsync().ConfigureAwait(false);
        _logger.SteppedDown(Role, term, reason);
    }

    // Waits an interval at a time and proves the lock is still held. Returns false when it cannot be proven (this silo
    // must stop leading at once), true when the work ended or the host is stopping (the lock is still held).
    private async Task<bool> WatchAsync(LeaderSession session, Task running, long term, CancellationToken stoppingToken)
    {
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        try
        {
            while (true)
            {
                await Task.WhenAny(running, Task.Delay(_options.RetryInterval, _timeProvider, watching.Token)).ConfigureAwait(false);
                if (running.IsCompleted || stoppingToken.IsCancellationRequested)
                {
                    return true;
                }

                try
                {
                    if (!await session.HoldsLockAsync(LockKey, CancellationToken.None)
                            .WaitAsync(_options.CheckTimeout, _timeProvider, stoppingToken).ConfigureAwait(false))
                    {
                        _logger.LockLost(null, Role, term, _options.CheckTimeout);
                        return false;
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return true;
                }
                catch (Exception exception)
                {
                    _logger.LockLost(exception, Role, term, _options.CheckTimeout);
                    return false;
                }
            }
        }
        finally
        {
            // Ends the pending delay when the work ended first.
            await watching.CancelAsync().ConfigureAwait(false);
        }
    }
}
