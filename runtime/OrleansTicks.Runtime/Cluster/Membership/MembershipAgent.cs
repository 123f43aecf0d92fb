using System.Collections.Immutable;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansTicks.Runtime.Cluster.Partitioning;

namespace OrleansTicks.Runtime.Cluster.Membership;

/// <summary>This silo's membership in the cluster: creates the table, joins, heartbeats and re-reads the live members
/// every <see cref="MembershipOptions.HeartbeatInterval"/>, declares silent members dead, and publishes every change
/// of the view with this silo's gained and lost partitions (<see cref="Changes"/>). On stop it leaves, so the others
/// drop it at once.</summary>
/// <remarks>
/// <para>The database is the only clock: heartbeats and liveness use <c>now()</c> there, so clock skew between silos
/// does not matter. A member is live while its last heartbeat is within <see cref="MembershipOptions.DeadAfter"/>.</para>
/// <para>When this silo's own heartbeat is refused (another silo declared it dead, e.g. after a long pause), it
/// publishes a view without itself (losing every partition), then rejoins with a new incarnation. When it cannot
/// reach the database for longer than <see cref="MembershipOptions.DeadAfter"/> (by its own monotonic clock), the
/// others will have declared it dead, so it does the same: it gives up every partition until it can rejoin.</para>
/// </remarks>
public sealed class MembershipAgent : BackgroundService
{
    private readonly PostgresMembershipTable _table;
    private readonly MembershipOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<MembershipAgent> _logger;
    private readonly Channel<MembershipChange> _changes =
        Channel.CreateUnbounded<MembershipChange>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _publishLock = new();
    private readonly string _siloId;
    private volatile MembershipView _view = MembershipView.Empty;
    private ImmutableArray<int> _owned = [];
    private long _incarnation;
    private long _lastHeartbeat;

    /// <summary>Creates the agent; the host starts it.</summary>
    /// <param name="table">The membership table.</param>
    /// <param name="options">The validated settings.</param>
    /// <param name="timeProvider">Times the rounds and the silence since the last heartbeat.</param>
    /// <param name="logger">The logger.</param>
    public MembershipAgent(PostgresMembershipTable table, IOptions<MembershipOptions> options, TimeProvider timeProvider, ILogger<MembershipAgent> logger)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _table = table;
        _options = options.Value;
        _siloId = _options.SiloId ?? throw new ArgumentException("Cluster:SiloId is required.", nameof(options));
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>This silo's id.</summary>
    public string SiloId => _siloId;

    /// <summary>This silo's current incarnation; 0 before it has joined.</summary>
    public long Incarnation => Interlocked.Read(ref _incarnation);

    /// <summary>The latest view (<see cref="MembershipView.Empty"/> before the first read).</summary>
    public MembershipView View => _view;

    /// <summary>The partitions this silo owns in <see cref="View"/>, ascending.</summary>
    public ImmutableArray<int> OwnedPartitions
    {
        get
        {
            lock (_publishLock)
            {
                return _owned;
            }
        }
    }

    /// <summary>Every view change, in order, for one reader (the cluster layer that consumes partitions). The first
    /// change gains this silo's initial partitions; the last, on stop, loses them all; then the channel completes.</summary>
    public ChannelReader<MembershipChange> Changes => _changes.Reader;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await _table.EnsureSchemaAsync(stoppingToken).ConfigureAwait(false);
        await JoinAsync(stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _timeProvider);
        try
        {
            await RefreshAsync(stoppingToken).ConfigureAwait(false);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await RoundAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync leaves.
        }
    }

    /// <summary>Stops the rounds, then marks this silo leaving and publishes a last change that loses every
    /// partition. If <paramref name="cancellationToken"/> fires first (the host's shutdown timeout), the silo does not
    /// leave and the others drop it after <see cref="MembershipOptions.DeadAfter"/>.</summary>
    /// <param name="cancellationToken">Signals that the stop must no longer be graceful.</param>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        var incarnation = Incarnation;
        if (incarnation > 0)
        {
            try
            {
                if (await _table.LeaveAsync(_siloId, incarnation, cancellationToken).ConfigureAwait(false))
                {
                    _logger.Left(_siloId, incarnation);
                }
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException or OperationCanceledException)
            {
                _logger.LeaveFailed(exception, _siloId, _options.DeadAfter);
            }

            Publish([]);
        }

        _changes.Writer.TryComplete();
    }

    private async Task JoinAsync(CancellationToken cancellationToken)
    {
        var incarnation = await _table.JoinAsync(_siloId, Environment.MachineName, Environment.ProcessId, cancellationToken).ConfigureAwait(false);
        Interlocked.Exchange(ref _incarnation, incarnation);
        _lastHeartbeat = _timeProvider.GetTimestamp();
        _logger.Joined(_siloId, incarnation, _options.Partitions, _options.HeartbeatInterval, _options.DeadAfter);
    }

    // One heartbeat, dead-marking and read. A database failure is survived (logged) until the silence since the last
    // heartbeat reaches DeadAfter; then this silo drops its partitions, since the others have taken them.
    private async Task RoundAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await _table.HeartbeatAsync(_siloId, Incarnation, cancellationToken).ConfigureAwait(false))
            {
                _lastHeartbeat = _timeProvider.GetTimestamp();
            }
            else
            {
                _logger.HeartbeatRejected(_siloId, Incarnation);
                Publish([]);
                await JoinAsync(cancellationToken).ConfigureAwait(false);
            }

            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            var silence = _timeProvider.GetElapsedTime(_lastHeartbeat);
            _logger.RoundFailed(exception, _siloId, silence);
            if (silence >= _options.DeadAfter && !_view.LiveSilos.IsEmpty)
            {
                _logger.Isolated(_siloId, silence, _options.DeadAfter);
                Publish([]);
            }
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        foreach (var dead in await _table.MarkDeadAsync(_options.DeadAfter, cancellationToken).ConfigureAwait(false))
        {
            _logger.DeclaredDead(dead, _options.DeadAfter);
        }

        var members = await _table.ReadLiveAsync(_options.DeadAfter, cancellationToken).ConfigureAwait(false);
        var live = ImmutableArray.CreateBuilder<string>(members.Length);
        foreach (var member in members)
        {
            live.Add(member.SiloId);
        }

        Publish(live.MoveToImmutable());
    }

    // Publishes the view of `live` (ordered ordinally) if it differs from the current one.
    private void Publish(ImmutableArray<string> live)
    {
        lock (_publishLock)
        {
            var previous = _view;
            if (previous.HasSameSilos(live.AsSpan()))
            {
                return;
            }

            var changes = RendezvousOwnership.Diff(previous.LiveSilos.AsSpan(), live.AsSpan(), _siloId, _options.Partitions);
            var view = new MembershipView(previous.Version + 1, live);
            _owned = RendezvousOwnership.Owned(_siloId, live.AsSpan(), _options.Partitions);
            _view = view;
            _logger.ViewChanged(view.Version, live.Length, string.Join(", ", live), _owned.Length, string.Join(", ", changes.Gained), string.Join(", ", changes.Lost));
            _changes.Writer.TryWrite(new MembershipChange(view, changes.Gained, changes.Lost, _owned));
        }
    }
}
