using Npgsql;

namespace OrleansTicks.Runtime.Cluster.Leadership;

/// <summary>One dedicated PostgreSQL session that contends for, holds and releases a session-level advisory lock.
/// The lock lives exactly as long as the session: the server releases it when the session ends for any reason (close,
/// the client's socket closed by its dying process, <c>idle_session_timeout</c>, keepalive failure,
/// <c>pg_terminate_backend</c>). Used by one caller at a time.</summary>
internal sealed class LeaderSession : IAsyncDisposable
{
    private const string TryLockSql = "SELECT pg_try_advisory_lock($1)";
    private const string UnlockSql = "SELECT pg_advisory_unlock($1)";

    // pg_locks shows a one-bigint advisory lock as classid = high 32 bits, objid = low 32 bits, objsubid = 1; asking
    // for this backend's granted lock proves that this very session holds it (a bare SELECT 1 only proves the session
    // is alive).
    private const string HoldsLockSql = """
        SELECT EXISTS (SELECT 1 FROM pg_locks
                       WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted AND objsubid = 1
                         AND classid = (($1 >> 32) & 4294967295)::oid AND objid = ($1 & 4294967295)::oid)
        """;

    private const string KeepaliveSql =
        "SELECT set_config('tcp_keepalives_idle', $1, false), set_config('tcp_keepalives_interval', '1', false), set_config('tcp_keepalives_count', $2, false)";

    private const string IdleSessionTimeoutSql = "SELECT set_config('idle_session_timeout', $1, false)";

    private readonly NpgsqlConnection _connection;
    private readonly CancellationTokenSource _closing = new();
    private Task _inFlight = Task.CompletedTask;

    private LeaderSession(NpgsqlConnection connection) => _connection = connection;

    /// <summary>The server process of this session (what <c>pg_locks.pid</c> shows).</summary>
    public int ProcessId => _connection.ProcessID;

    /// <summary>The connection string of a leader session: never pooled (a pooled connection keeps its session, and
    /// so the lock, after Close), with TCP keepalives, a connect timeout and a cancellation wait fitted to the
    /// options, and the role in <c>application_name</c> so that <c>pg_stat_activity</c> shows who leads.</summary>
    public static string BuildConnectionString(LeaderElectionOptions options, string role)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            Pooling = false,
            ApplicationName = $"orleansticks leader {role}",
            TcpKeepAlive = true,
            TcpKeepAliveTime = KeepaliveIdleSeconds(options.SessionTimeout),
            TcpKeepAliveInterval = 1,
            Timeout = Math.Max(1, (int)Math.Ceiling(options.SessionTimeout.TotalSeconds / 2)),
            CancellationTimeout = Math.Max(1, (int)options.CheckTimeout.TotalMilliseconds),
        }.ConnectionString;
    }

    /// <summary>Opens a session and tells the server to end it after <paramref name="sessionTimeout"/> of silence
    /// (<c>idle_session_timeout</c> from PostgreSQL 14; TCP keepalives detect a vanished peer on any version).</summary>
    public static async Task<LeaderSession> OpenAsync(string connectionString, TimeSpan sessionTimeout, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var idle = KeepaliveIdleSeconds(sessionTimeout);
            var keepalive = new NpgsqlCommand(KeepaliveSql, connection);
            await using (keepalive.ConfigureAwait(false))
            {
                keepalive.Parameters.Add(new NpgsqlParameter<string> { TypedValue = idle.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                keepalive.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Math.Max(1, (int)(sessionTimeout.TotalSeconds - idle)).ToString(System.Globalization.CultureInfo.InvariantCulture) });
                await keepalive.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (connection.PostgreSqlVersion.Major >= 14)
            {
                var idleTimeout = new NpgsqlCommand(IdleSessionTimeoutSql, connection);
                await using var configured = idleTimeout.ConfigureAwait(false);
                idleTimeout.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"{(long)sessionTimeout.TotalMilliseconds}ms" });
                await idleTimeout.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return new LeaderSession(connection);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Takes the lock <paramref name="key"/> if nobody holds it; true when this session holds it.</summary>
    public Task<bool> TryLockAsync(long key, CancellationToken cancellationToken) => Run(TryLockSql, key, cancellationToken);

    /// <summary>True when this session still holds the lock <paramref name="key"/>.</summary>
    public Task<bool> HoldsLockAsync(long key, CancellationToken cancellationToken) => Run(HoldsLockSql, key, cancellationToken);

    /// <summary>Releases the lock <paramref name="key"/>; true when this session held it.</summary>
    public Task<bool> UnlockAsync(long key, CancellationToken cancellationToken) => Run(UnlockSql, key, cancellationToken);

    /// <summary>Ends the session (which releases any lock it holds). A command still running (one the caller gave up
    /// on after a timeout) is cancelled and awaited first, since a connection cannot be closed under a command.</summary>
    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync().ConfigureAwait(false);
        try
        {
            await _inFlight.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            // The caller has already treated the command as failed; only the close matters now.
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
        _closing.Dispose();
    }

    private static int KeepaliveIdleSeconds(TimeSpan sessionTimeout) => Math.Max(1, (int)Math.Ceiling(sessionTimeout.TotalSeconds / 2));

    // A caller may give up on a command (timeout, stop) and issue the next one while it still runs; the connection
    // takes one command at a time, so each starts after the previous has ended.
    private Task<bool> Run(string sql, long key, CancellationToken cancellationToken)
    {
        var task = ExecuteAsync(_inFlight, sql, key, cancellationToken);
        _inFlight = task;
        return task;
    }

    private async Task<bool> ExecuteAsync(Task previous, string sql, long key, CancellationToken cancellationToken)
    {
        try
        {
            await previous.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            // Its caller has seen the failure; this command finds out for itself whether the session still works.
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
        var command = new NpgsqlCommand(sql, _connection);
        await using var configured = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
        return await command.ExecuteScalarAsync(linked.Token).ConfigureAwait(false) is true;
    }
}
