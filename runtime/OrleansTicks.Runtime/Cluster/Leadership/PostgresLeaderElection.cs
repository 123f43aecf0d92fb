using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.Runtime.Cluster.Partitioning;

namespace OrleansTicks.Runtime.Cluster.Leadership;

/// <summary>Runs a piece of work (a feed ingestor) on exactly one silo of the cluster at a time: the one whose
/// dedicated PostgreSQL session holds the role's session-level advisory lock. It contends every
/// <see cref="LeaderElectionOptions.RetryInterval"/>; once elected it starts the work, proves every interval that its
/// session still holds the lock, and steps down (cancels the work, awaits it, releases the lock) when it cannot, when
/// the work fails or returns, or when the host stops. After stepping down it contends again after the interval.</summary>
/// <remarks>
/// <para>The lock key is <see cref="PartitionHash.Hash64"/> of the role's name, so every silo and version agrees on it.
/// The server releases the lock the moment the session ends: at once when a leader's process dies (its operating
/// system closes the socket) or stops, and after <see cref="LeaderElectionOptions.SessionTimeout"/> when the leader
/// vanishes silently; the timing budget is on <see cref="LeaderElectionOptions"/>.</para>
/// <para>A leader that cannot prove it holds the lock (check failed, or no answer within
/// <see cref="LeaderElectionOptions.CheckTimeout"/>) stops leading, because it may already have lost it. A session
/// ended by someone else (<c>pg_terminate_backend</c>) is noticed at the next check, so a successor can start up to one
/// interval before the old leader's work is cancelled; when the leader is cut off instead, it steps down before the
/// server frees the lock. An advisory lock is no fencing token: a leader stalled longer than the session timeout
/// (a stopped process) can overlap its successor briefly, which the trade-id dedup downstream makes harmless.</para>
/// <para>The session must reach PostgreSQL directly or through a session-mode pooler: a transaction-mode pooler
/// (PgBouncer) would hand the lock's session to other clients.</para>
/// </remarks>
public sealed partial class PostgresLeaderElection : BackgroundService
{
    /// <summary>The longest role name accepted (it also goes into <c>application_name</c>).</summary>
    public const int MaxRoleLength = 200;

    private readonly Func<CancellationToken, Task> _lead;
    private readonly LeaderElectionOptions _options;
    private readonly string _connectionString;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PostgresLeaderElection> _logger;
    private int _state;
    private long _term;

    /// <summary>Creates an election for <paramref name="role"/>; the host starts it.</summary>
    /// <param name="role">The role's name, e.g. <c>feed:binance</c>: the same on every silo.</param>
    /// <param name="lead">The work that runs only while this silo leads; it must stop when its token is cancelled.</param>
    /// <param name="options">The validated settings.</param>
    /// <param name="timeProvider">Times the retries, checks and timeouts.</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="ArgumentException"><paramref name="role"/> is not a valid role name, or the options have no
    /// connection string.</exception>
    public PostgresLeaderElection(string role, Func<CancellationToken, Task> lead, IOptions<LeaderElectionOptions> options, TimeProvider timeProvider, ILogger<PostgresLeaderElection> logger)
    {
        ThrowIfInvalidRole(role);
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        if (string.IsNullOrWhiteSpace(_options.ConnectionString))
        {
            throw new ArgumentException("Cluster:ConnectionString (or ConnectionStrings:Postgres) is required for leader election.", nameof(options));
        }

        Role = role;
        LockKey = LockKeyOf(role);
        _lead = lead;
        _connectionString = LeaderSession.BuildConnectionString(_options, role);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The role this election is for.</summary>
    public string Role { get; }

    /// <summary>The advisory lock key of <see cref="Role"/> (as <c>pg_try_advisory_lock(bigint)</c> takes it).</summary>
    public long LockKey { get; }

    /// <summary>Where the election is now.</summary>
    public LeaderState State => (LeaderState)Volatile.Read(ref _state);

    /// <summary>True while this silo holds the lock and its work runs.</summary>
    public bool IsLeader => State == LeaderState.Leading;

    /// <summary>How many times this election has been elected since it started (the current or last term).</summary>
    public long Term => Interlocked.Read(ref _term);

    /// <summary>The advisory lock key of a role: <see cref="PartitionHash.Hash64"/> of its name, reinterpreted as the
    /// signed 64-bit key PostgreSQL takes.</summary>
    /// <param name="role">The role's name.</param>
    /// <returns>The key.</returns>
    public static long LockKeyOf(string role)
    {
        ThrowIfInvalidRole(role);
        return unchecked((long)PartitionHash.Hash64(role));
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _logger.Contending(Role, LockKey, _options.RetryInterval, _options.SessionTimeout);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                SetState(LeaderState.Contending);
                try
                {
                    var session = await AcquireAsync(stoppingToken).ConfigureAwait(false);
                    await LeadAsync(session, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // A surprise (say, closing a broken connection throws) must not stop the silo's host: the work has
                    // been awaited by then, so the election just contends again.
                    _logger.ElectionFailed(exception, Role, _options.RetryInterval);
                }

                await Task.Delay(_options.RetryInterval, _timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a leader has already released the lock in LeadAsync.
        }
        finally
        {
            SetState(LeaderState.Stopped);
            _logger.Stopped(Role);
        }
    }

    internal static void ThrowIfInvalidRole(string role)
    {
        ArgumentNullException.ThrowIfNull(role);
        if (role.Length is 0 or > MaxRoleLength || role.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException(
                $"A leader-election role is a name of 1 to {MaxRoleLength} characters without spaces or control characters, e.g. \"feed:binance\"; not '{role}'.",
                nameof(role));
        }
    }

    private void SetState(LeaderState state) => Volatile.Write(ref _state, (int)state);
}
