namespace OrleansTicks.Grains.Feeds;

/// <summary>Lets one log message through per period and counts the ones it holds back, so that a flood of bad
/// messages costs a counter increment each, not a log line each.</summary>
internal sealed class LogRateLimiter(TimeProvider clock, TimeSpan period)
{
    private readonly Lock _lock = new();
    private long _lastLogged;
    private long _suppressed;

    /// <summary>True when this occurrence should be logged; <paramref name="suppressed"/> is how many were held back
    /// since the last one logged.</summary>
    public bool ShouldLog(out long suppressed)
    {
        lock (_lock)
        {
            var now = clock.GetTimestamp();
            if (_lastLogged != 0 && clock.GetElapsedTime(_lastLogged, now) < period)
            {
                _suppressed++;
                suppressed = 0;
                return false;
            }

            suppressed = _suppressed;
            _suppressed = 0;
            _lastLogged = now;
            return true;
        }
    }
}
