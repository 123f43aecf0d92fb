namespace OrleansTicks.Grains.Feeds.Live;

public sealed partial class LiveFeedRunner
{
    /// <summary>Ends a connection that has been silent for <see cref="LiveFeedOptions.StallTimeout"/> or has reached
    /// <see cref="LiveFeedOptions.MaxConnectionAge"/>, by cancelling it. One timer, re-armed for whichever comes
    /// first, so the receive path only writes a timestamp per message.</summary>
    private sealed class Watchdog : IDisposable
    {
        private readonly LiveFeedRunner _owner;
        private readonly CancellationTokenSource _connection;
        private readonly long _connectedAt;
        private readonly ITimer? _timer;
        private readonly Lock _lock = new();
        private bool _disposed;

        public Watchdog(LiveFeedRunner owner, CancellationTokenSource connection, long connectedAt)
        {
            _owner = owner;
            _connection = connection;
            _connectedAt = connectedAt;
            var first = NextCheck(connectedAt);
            if (first is { } due)
            {
                _timer = owner._clock.CreateTimer(static state => ((Watchdog)state!).Check(), this, due, Timeout.InfiniteTimeSpan);
            }
        }

        /// <summary>Why the watchdog ended the connection, if it did.</summary>
        public string? Reason { get; private set; }

        /// <summary>True when it ended the connection for its age (a planned replacement, not a fault).</summary>
        public bool Replaced { get; private set; }

        public void Dispose()
        {
            lock (_lock)
            {
                _disposed = true;
                _timer?.Dispose();
            }
        }

        private void Check()
        {
            var options = _owner._options;
            var clock = _owner._clock;
            lock (_lock)
            {
                if (_disposed || Reason is not null)
                {
                    return;
                }

                var now = clock.GetTimestamp();
                var age = clock.GetElapsedTime(_connectedAt, now);
                var silence = clock.GetElapsedTime(Volatile.Read(ref _owner._lastMessageTimestamp), now);
                if (options.MaxConnectionAge > TimeSpan.Zero && age >= options.MaxConnectionAge)
                {
                    Reason = $"the connection is {age} old, the most allowed (MaxConnectionAge)";
                    Replaced = true;
                }
                else if (options.StallTimeout > TimeSpan.Zero && silence >= options.StallTimeout)
                {
                    Reason = $"no message for {silence} (StallTimeout {options.StallTimeout})";
                }
                else
                {
                    _timer?.Change(NextCheck(now) ?? Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                    return;
                }

                // Not inline: the cancellation's callbacks (the socket's abort) must not run on the timer's thread.
                _ = _connection.CancelAsync();
            }
        }

        /// <summary>When to look next: when the connection would be too old, or silent for too long if nothing arrives
        /// meanwhile; null when neither check is on.</summary>
        private TimeSpan? NextCheck(long now)
        {
            var options = _owner._options;
            var clock = _owner._clock;
            TimeSpan? next = null;
            if (options.MaxConnectionAge > TimeSpan.Zero)
            {
                next = options.MaxConnectionAge - clock.GetElapsedTime(_connectedAt, now);
            }

            if (options.StallTimeout > TimeSpan.Zero)
            {
                var stall = options.StallTimeout - clock.GetElapsedTime(Volatile.Read(ref _owner._lastMessageTimestamp), now);
                next = next is { } age && age < stall ? age : stall;
            }

            return next is { } due ? (due > TimeSpan.Zero ? due : TimeSpan.Zero) : null;
        }
    }
}
