namespace OrleansTicks.Runtime.Streams;

/// <summary>Identifies a stream: a namespace (what kind of items, e.g. <c>trades</c>) and a key (whose
/// items, e.g. <c>AAPL</c>). Items of one stream are delivered in the order they were produced.</summary>
/// <param name="Namespace">The stream namespace; implicit subscriptions are by namespace.</param>
/// <param name="Key">The stream key; an implicitly subscribed grain has the same key.</param>
public readonly record struct StreamId(string Namespace, string Key)
{
    /// <summary>Creates a stream id, checking both parts.</summary>
    /// <exception cref="ArgumentException">A part is null or empty.</exception>
    public static StreamId Create(string streamNamespace, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamNamespace);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return new StreamId(streamNamespace, key);
    }

    /// <summary>Formats the id as <c>namespace/key</c>.</summary>
    public override string ToString() => $"{Namespace}/{Key}";
}
