using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Feeds;

/// <summary>Where a connector puts trades: the ingestor, which checks each trade (price, size, known symbol), counts
/// and logs the ones that make no sense, and fans the rest out to the symbol grains' streams.</summary>
public interface ITradeSink
{
    /// <summary>Accepts a batch. The sink has copied what it needs when the returned task completes, so the caller
    /// may reuse the buffer. Completes late when the symbol grains fall behind (back-pressure).</summary>
    ValueTask PublishAsync(ReadOnlyMemory<Trade> trades, CancellationToken cancellationToken = default);
}
