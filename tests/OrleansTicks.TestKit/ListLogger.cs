using Microsoft.Extensions.Logging;

namespace OrleansTicks.TestKit;

/// <summary>A logger that keeps what is logged, to check what a component reports and at what level.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    private readonly Lock _lock = new();
    private readonly List<(EventId Id, LogLevel Level, string Message)> _entries = [];

    public List<(EventId Id, LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (_lock)
        {
            _entries.Add((eventId, logLevel, formatter(state, exception)));
        }
    }
}
