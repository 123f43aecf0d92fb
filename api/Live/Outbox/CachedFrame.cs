namespace OrleansTicks.Api.Live.Outbox;

/// <summary>A live message framed for one wire format (e.g. a SignalR protocol), kept with the message so that every
/// connection speaking that format sends the same bytes.</summary>
/// <param name="Format">The format's object (reference identity): the protocol instance.</param>
/// <param name="Bytes">The whole frame.</param>
internal sealed record CachedFrame(object Format, ReadOnlyMemory<byte> Bytes);
