namespace OrleansTicks.Runtime.Tests.Storage;

/// <summary>The state the conformance suite stores: a record, as grain states usually are.</summary>
public sealed record ConformanceState(string Text, long Number, DateTimeOffset At)
{
    public static ConformanceState Sample(string text) =>
        new(text, text.Length * 1_000_003L, new DateTimeOffset(2026, 11, 21, 9, 30, 0, 125, TimeSpan.Zero));
}
