namespace OrleansTicks.Api.Live.Outbox;

/// <summary>A live message (or a whole notification) framed for one wire format (e.g. a SignalR protocol), kept with it
/// so that every connection speaking that format sends the same bytes.</summary>
/// <param name="Format">The format's object (reference identity): the protocol instance.</param>
/// <param name="Bytes">The whole frame.</param>
/// <param name="Prepared">The format's own ready-to-write wrapper of <paramref name="Bytes"/>, when it has one (a
/// SignalR <c>SerializedHubMessage</c>), shared too so that a write allocates nothing per connection.</param>
internal sealed record CachedFrame(object Format, ReadOnlyMemory<byte> Bytes, object? Prepared = null);
