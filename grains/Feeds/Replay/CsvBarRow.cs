namespace OrleansTicks.Grains.Feeds.Replay;

/// <summary>A data row of a bar file: either a good <see cref="Bar"/> or the reason it was rejected.</summary>
/// <param name="Line">The row's 1-based line number (the header is line 1).</param>
/// <param name="Bar">The bar, when the row is good.</param>
/// <param name="Problem">What is wrong with the row, when it is bad.</param>
public readonly record struct CsvBarRow(long Line, ReplayBar? Bar, string? Problem)
{
    /// <summary>Whether the row is a good bar.</summary>
    public bool IsGood => Bar is not null;
}
