namespace OrleansTicks.Grains.Feeds.Simulator;

/// <summary>Settings of the <c>simulator</c> feed, section <c>Feed:Simulator</c>.</summary>
public sealed class SimulatorOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Feed:Simulator";

    /// <summary>The largest batch: the buffer is allocated once at this size.</summary>
    public const int MaxBatchSize = 65_536;

    /// <summary>The fastest pace that is still paced; above it, use 0 (as fast as possible).</summary>
    public const int MaxTradesPerSecond = 100_000_000;

    /// <summary>The rate the model assumes when <see cref="TradesPerSecond"/> is 0, for the GBM step and virtual
    /// times: volatility stays per √(simulated second).</summary>
    public const int UnpacedModelTradesPerSecond = 2_000;

    /// <summary>Trades per second over all symbols; 0 = as fast as the sink accepts them (benchmarks).</summary>
    public int TradesPerSecond { get; set; } = 2_000;

    /// <summary>The seed: the same seed gives the same symbols' models and the same sequence of trades.</summary>
    public long Seed { get; set; } = 42;

    /// <summary>Only these symbols of the S&amp;P 500 (case-insensitive); empty = all of them.</summary>
    public List<string> Symbols { get; set; } = [];

    /// <summary>Only the first N symbols (of <see cref="Symbols"/> or of the S&amp;P 500 list, by ticker); 0 = no
    /// limit.</summary>
    public int SymbolCount { get; set; }

    /// <summary>Trades per batch handed to the sink; the pace is kept per batch.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>Stamp trades with simulated time (run start + k / rate) instead of the clock's time when the batch is
    /// made: reproducible times, and realistic spacing even when unpaced.</summary>
    public bool VirtualTime { get; set; }
}
