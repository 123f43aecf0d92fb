namespace OrleansTicks.Grains.Feeds.Replay;

/// <summary>Settings of the <c>replay</c> feed, section <c>Feed:Replay</c>.</summary>
public sealed class ReplayOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Feed:Replay";

    /// <summary>The bar file (CSV with the columns Date, Open, High, Low, Close, Volume).</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>The symbol the file's bars are of, upper case.</summary>
    public string Symbol { get; set; } = string.Empty;

    /// <summary>0 = as fast as the sink accepts; N = N times the original time between bars (1 = real time).</summary>
    public double Speed { get; set; } = 1.0;

    /// <summary>true: every trade keeps its bar's own time. false: the bars are moved together, keeping their
    /// spacing, so that the last one ends at the replay's start (by whole days when the file has daily rows, whole
    /// minutes otherwise, so every bar still starts on a bar boundary).</summary>
    public bool KeepTimestamps { get; set; } = true;
}
