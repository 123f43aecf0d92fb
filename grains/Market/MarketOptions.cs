using System.ComponentModel.DataAnnotations;

namespace OrleansTicks.Grains.Market;

/// <summary>Settings of the symbol grains (section <c>Market</c>).</summary>
public sealed class MarketOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Market";

    /// <summary>Closed 1-minute bars each symbol grain keeps in memory: a trading day and some.</summary>
    [Range(60, 100_000)]
    public int RecentBars { get; set; } = 1_500;

    /// <summary>A partial bar closes once its minute has ended by this much and no trade for it came in as long:
    /// late prints of a minute usually arrive within a second or two.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan BarCloseGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a symbol grain checks for bars to close and state to save.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a symbol grain writes its quote, day statistics and update sequence, when they changed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan StateSaveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An observer, or a front-end node's subscriber count, is forgotten when not renewed within this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SubscriptionExpiry { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a symbol grain checkpoints (commits the bars of the trades it applied since the last
    /// checkpoint, with their ids) on its own. In cluster mode the silo also checkpoints before it acknowledges
    /// deliveries (<c>Cluster:CheckpointInterval</c>); what either commits, the other does not commit again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Symbols per checkpoint transaction, at most.</summary>
    [Range(1, 100_000)]
    public int CheckpointBatchSize { get; set; } = 500;
}
