using OrleansTicks.Runtime.Streams;

namespace OrleansTicks.Grains.Market;

/// <summary>The stream that carries a symbol's trades from the ingestor to its <see cref="SymbolGrain"/>.</summary>
public static class TradeStreams
{
    /// <summary>The namespace of trade streams; the key is the symbol.</summary>
    public const string Namespace = "trades";

    /// <summary>The stream of <paramref name="symbol"/>'s trades.</summary>
    public static StreamId For(string symbol) => StreamId.Create(Namespace, symbol);
}
