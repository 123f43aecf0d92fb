using Microsoft.Extensions.Logging;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Storage;

namespace OrleansTicks.Grains.Market;

// The previous close. The day statistics are of the trades this grain applied, so on the first day a symbol trades
// here (a fresh install, a new symbol) it knows no earlier day, although the store may hold one: regenerated or
// imported history, or the bars of an earlier run. The latest stored bar before the current UTC day supplies the
// previous close then, and whenever its last trade is later than the applied trades' previous day's (history stored
// over the end of that day).
public sealed partial class SymbolGrain
{
    private (DateTime Day, DateTime LastTime, decimal Close)? _storedPreviousClose;
    private DateTime _storedPreviousCloseDay = DateTime.MinValue; // the UTC day the value above was read for

    /// <summary>The close before <paramref name="day"/>: of the applied trades' <paramref name="applied"/> day bar or of
    /// the latest stored bar, whichever has the later last trade (the applied one on a tie).</summary>
    private decimal? PreviousCloseBefore(DateTime day, Bar? applied)
    {
        var live = applied is { } bar && bar.Start < day ? bar : (Bar?)null;
        if (_storedPreviousClose is { } stored && stored.Day < day && (live is null || stored.LastTime > live.Value.LastTime))
        {
            return stored.Close;
        }

        return live?.Close;
    }

    /// <summary>Reads the latest stored bar before the current UTC day, once per day (and again when
    /// <paramref name="force"/>: at activation, and when history before the day was replaced). When that changes the
    /// quote's previous close, the quote is published. A failed read keeps the value it had and is tried again on the
    /// next tick.</summary>
    private async Task RefreshStoredPreviousCloseAsync(bool force, CancellationToken cancellationToken)
    {
        var day = clock.GetUtcNow().UtcDateTime.Date;
        if (!force && day == _storedPreviousCloseDay)
        {
            return;
        }

        StoredBar? latest;
        try
        {
            latest = await store.ReadLatestBeforeAsync(_symbol, day, cancellationToken);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
        {
            LogPreviousCloseUnavailable(exception, _symbol);
            return;
        }

        var before = BuildQuote()?.PreviousClose;
        _storedPreviousClose = latest is { } bar ? (bar.Bar.Start.Date, bar.Bar.LastTime, bar.Bar.Close) : null;
        _storedPreviousCloseDay = day;
        if (BuildQuote()?.PreviousClose != before)
        {
            PublishQuote();
            SendUpdate();
        }
    }

    [LoggerMessage(EventId = 4025, Level = LogLevel.Warning, Message = "{Symbol}: could not read the previous close from the stored bars; trying again on the next tick")]
    private partial void LogPreviousCloseUnavailable(Exception exception, string symbol);
}
