namespace OrleansTicks.Grains.Feeds.Yahoo;

/// <summary>What the importer has done since it started.</summary>
/// <param name="Polls">Polls of a symbol finished, whatever the outcome (trades published, failure counted).</param>
/// <param name="Requests">Chart requests made.</param>
/// <param name="Charts">Charts received.</param>
/// <param name="Failures">Requests without a usable answer (refused, HTTP error status, timeout).</param>
/// <param name="VendorErrors">Answers with <c>chart.error</c> (unknown symbols).</param>
/// <param name="BadAnswers">Answers that are not a chart of 1-minute bars of the symbol asked for.</param>
/// <param name="BadMinutes">Closed minutes skipped as bad.</param>
/// <param name="EmptyMinutes">Closed minutes Yahoo listed without trades.</param>
/// <param name="BarsImported">Minutes imported.</param>
/// <param name="TradesPublished">Trades the imported minutes became.</param>
public readonly record struct YahooStatistics(
    long Polls,
    long Requests,
    long Charts,
    long Failures,
    long VendorErrors,
    long BadAnswers,
    long BadMinutes,
    long EmptyMinutes,
    long BarsImported,
    long TradesPublished);
