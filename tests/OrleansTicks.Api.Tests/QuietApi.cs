namespace OrleansTicks.Api.Tests;

/// <summary>The API with a feed that barely trades (one MSFT trade a second), for tests that count trades of their
/// own. Not <c>Feed:Kind=none</c>: a second such host in one test process hangs when it is disposed (seen on main
/// as of 51a3bed; reported to the lead).</summary>
internal static class QuietApi
{
    public static TicksApiFactory Create() => new TicksApiFactory()
        .With("Feed:Simulator:Symbols:0", "MSFT")
        .With("Feed:Simulator:TradesPerSecond", "1");
}
