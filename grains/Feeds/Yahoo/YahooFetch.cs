namespace OrleansTicks.Grains.Feeds.Yahoo;

/// <summary>How one chart request went.</summary>
internal enum YahooFetchOutcome
{
    /// <summary>A chart arrived.</summary>
    Chart,

    /// <summary>Yahoo answered with <c>chart.error</c> (an unknown or delisted symbol).</summary>
    VendorError,

    /// <summary>An answer arrived that is not a chart (garbage, another shape).</summary>
    BadAnswer,

    /// <summary>No usable answer: refused connection, an HTTP error status, no answer within the timeout.</summary>
    Failed,
}

/// <summary>The result of one chart request: the chart, or what went wrong.</summary>
internal readonly record struct YahooFetch(YahooFetchOutcome Outcome, YahooChart? Chart, string? Problem)
{
    public static YahooFetch Failed(string problem) => new(YahooFetchOutcome.Failed, null, problem);

    public static YahooFetch Bad(string problem) => new(YahooFetchOutcome.BadAnswer, null, problem);
}
