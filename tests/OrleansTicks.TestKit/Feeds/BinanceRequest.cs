namespace OrleansTicks.TestKit.Feeds;

/// <summary>A request a client sent to the <see cref="FakeBinanceServer"/>.</summary>
/// <param name="Connection">The connection's index (1 = the first).</param>
/// <param name="Method"><c>SUBSCRIBE</c>, <c>UNSUBSCRIBE</c>, or whatever the client sent.</param>
/// <param name="Streams">The stream names in <c>params</c>.</param>
/// <param name="Id">The request id.</param>
public sealed record BinanceRequest(int Connection, string Method, IReadOnlyList<string> Streams, long Id);
