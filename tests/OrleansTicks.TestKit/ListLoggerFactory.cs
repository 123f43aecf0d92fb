using Microsoft.Extensions.Logging;

namespace OrleansTicks.TestKit;

/// <summary>Hands out one <see cref="ListLogger{T}"/> for every category, so a test sees everything a component and
/// its parts log.</summary>
public sealed class ListLoggerFactory : ILoggerFactory
{
    public ListLogger<ListLoggerFactory> Logger { get; } = new();

    public ILogger CreateLogger(string categoryName) => Logger;

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("A list logger factory has no providers.");

    public void Dispose()
    {
    }
}
