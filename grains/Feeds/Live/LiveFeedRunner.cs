using System.Buffers;
using Microsoft.Extensions.Logging;
using OrleansTicks.GrainInterfaces.Feeds;
using OrleansTicks.Grains.Feeds.Demand;

namespace OrleansTicks.Grains.Feeds.Live;

/// <summary>Runs a live websocket feed for a vendor's <see cref="ILiveFeedProtocol"/>: connects (with a timeout),
/// subscribes upstream to what <see cref="IFeedDemand"/> wants and follows its changes, reads whole messages into
/// one reused buffer, parses them into one reused batch and publishes the batch whenever no more received data is
/// waiting (or it is full). Every fault of the upstream — a refused or timed-out connect, a drop, a close, a silent
/// server (<see cref="LiveFeedOptions.StallTimeout"/>), a dead one (websocket keep-alive) — ends the connection and
/// is followed by a reconnect after an exponential backoff with jitter; a connection as old as
/// <see cref="LiveFeedOptions.MaxConnectionAge"/> is replaced at once. Malformed messages and vendor errors are
/// counted and logged with a rate limit, never applied. <see cref="RunAsync"/> returns only when cancelled.</summary>
public sealed partial class LiveFeedRunner
{
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(10);

    private readonly ILiveFeedProtocol _protocol;
    private readonly LiveFeedOptions _options;
    private readonly IFeedDemand _demand;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly ReconnectBackoff _backoff;
    private readonly LogRateLimiter _badLog;
    private readonly LogRateLimiter _vendorLog;
    private readonly LiveTradeBatch _batch;
    private readonly HashSet<string> _subscribed = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly DateTime _anchorUtc;
    private readonly long _anchorTimestamp;
    private byte[] _buffer = [];
    private int _running;

    // Status, read by GetStatus from other threads.
    private FeedConnectionState _state = FeedConnectionState.Idle;
    private string? _lastError;
    private long _connectedAtTimestamp;
    private long _lastMessageTimestamp;
    private long _messages;
    private long _bad;
    private long _vendorErrors;
    private long _reconnects;
    private int _subscribedCount;

    /// <summary>Creates a runner; <paramref name="random"/> drives the backoff's jitter (seeded in tests).</summary>
    public LiveFeedRunner(ILiveFeedProtocol protocol, LiveFeedOptions options, IFeedDemand demand, TimeProvider clock, ILogger logger, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(demand);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        _protocol = protocol;
        _options = options;
        _demand = demand;
        _clock = clock;
        _logger = logger;
        _backoff = new ReconnectBackoff(options.ReconnectMinDelay, options.ReconnectMaxDelay, random ?? Random.Shared);
        _badLog = new LogRateLimiter(clock, LogEvery);
        _vendorLog = new LogRateLimiter(clock, LogEvery);
        _batch = new LiveTradeBatch(options.BatchSize);
        _anchorUtc = clock.GetUtcNow().UtcDateTime;
        _anchorTimestamp = clock.GetTimestamp();
    }

    /// <summary>The symbols subscribed upstream on the current connection (our names).</summary>
    public IReadOnlyList<string> SubscribedUpstream
    {
        get
        {
            lock (_lock)
            {
                return [.. _subscribed.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Connects, and reconnects after every fault, until <paramref name="cancellationToken"/> is cancelled;
    /// then returns normally. Publishes into <paramref name="sink"/>.</summary>
    public async Task RunAsync(ITradeSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException($"The {_protocol.Kind} feed is already running.");
        }

        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(64 * 1024, _options.MaxMessageBytes));
        var attempt = 0;
        try
        {
            while (true)
            {
                ConnectionEnd end;
                try
                {
                    end = await RunConnectionAsync(sink, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is not OutOfMemoryException)
                {
                    // The safety net: whatever escaped a connection (a vendor callback, the sink) ends only that
                    // connection. The feed goes on.
                    end = new ConnectionEnd($"the connection failed: {exception.Message}", TimeSpan.Zero, Error: exception);
                }

                if (end.Lasted >= _options.HealthyAfter || end.Replaced)
                {
                    attempt = 0;
                }

                var delay = end.Replaced ? TimeSpan.Zero : _backoff.DelayFor(attempt++);
                var reconnects = Interlocked.Increment(ref _reconnects);
                SetDisconnected(end.Replaced ? null : end.Reason);
                LiveFeedLog.ConnectionEnded(_logger, end.Error, _protocol.Kind, _protocol.Source, end.Reason, end.Lasted, reconnects, delay);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _clock, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (cancellationToken.IsCancellationRequested && exception is not OutOfMemoryException)
        {
            // Stopping cancels the connection, and cancelling a socket operation aborts the socket: whatever
            // socket call comes next fails with "Aborted" rather than a cancellation. Once stopping, any such
            // failure is the stop itself, not a fault to report.
            LiveFeedLog.Stopped(_logger, _protocol.Kind);
        }
        finally
        {
            lock (_lock)
            {
                _state = FeedConnectionState.Idle;
                _connectedAtTimestamp = 0;
            }

            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>The state and counters for the status endpoint.</summary>
    public FeedConnectorStatus GetStatus()
    {
        lock (_lock)
        {
            var last = Volatile.Read(ref _lastMessageTimestamp);
            return new FeedConnectorStatus(
                _protocol.Kind,
                _state,
                _protocol.Source,
                Interlocked.Read(ref _messages),
                Interlocked.Read(ref _bad),
                last == 0 ? null : ToUtc(last),
                _lastError,
                Interlocked.Read(ref _reconnects),
                Volatile.Read(ref _subscribedCount),
                _connectedAtTimestamp == 0 ? null : ToUtc(_connectedAtTimestamp),
                Interlocked.Read(ref _vendorErrors));
        }
    }

    // Timestamps are cheaper than the UTC clock on the receive path; they are turned into UTC only for the status.
    private DateTime ToUtc(long timestamp) => _anchorUtc + _clock.GetElapsedTime(_anchorTimestamp, timestamp);

    private void SetConnecting()
    {
        lock (_lock)
        {
            _state = FeedConnectionState.Connecting;
        }
    }

    private void SetConnected(long timestamp)
    {
        lock (_lock)
        {
            _state = FeedConnectionState.Connected;
            _connectedAtTimestamp = timestamp;
        }
    }

    private void SetDisconnected(string? error)
    {
        lock (_lock)
        {
            _state = FeedConnectionState.Connecting;
            _connectedAtTimestamp = 0;
            _lastError = error ?? _lastError;
        }
    }
}
