namespace OrleansTicks.Api.Tests;

/// <summary>The API without a feed (<c>Feed:Kind=none</c>), for tests that count trades of their own.</summary>
internal static class QuietApi
{
    public static TicksApiFactory Create() => new TicksApiFactory().With("Feed:Kind", "none");
}
