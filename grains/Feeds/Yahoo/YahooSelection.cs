using OrleansTicks.Grains.Feeds.Replay;

namespace OrleansTicks.Grains.Feeds.Yahoo;

/// <summary>What one chart answer gives: the closed minutes to import, as bars whose <see cref="ReplayBar.Line"/> is
/// the Unix minute (so <see cref="BarToTrades"/> numbers their trades minute × 4 + j), and what was skipped.</summary>
internal sealed class YahooSelection
{
    /// <summary>The good closed minutes after the watermark, oldest first.</summary>
    public List<ReplayBar> Bars { get; } = [];

    /// <summary>Closed minutes Yahoo lists without trades (all values null): skipped, counted, not an error.</summary>
    public int Empty { get; set; }

    /// <summary>Closed minutes skipped as bad (a null among values, garbage, absurd or inconsistent values, out of
    /// order, repeated, not on a minute).</summary>
    public int Bad { get; set; }

    /// <summary>The first bad minute's problem, for the log.</summary>
    public string? FirstProblem { get; set; }

    /// <summary>The latest closed minute classified (imported, empty or bad): the new watermark.</summary>
    public DateTime? Watermark { get; set; }

    public void AddBad(string problem)
    {
        Bad++;
        FirstProblem ??= problem;
    }
}
