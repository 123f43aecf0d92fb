namespace OrleansTicks.Grains.Feeds.Yahoo;

/// <summary>The importer's state of one symbol. Touched by one poll at a time, and by the scheduler only between
/// polls, so it needs no lock.</summary>
internal sealed class YahooSymbolState(string symbol, string vendorSymbol)
{
    /// <summary>Our symbol (upper case), as trades carry it.</summary>
    public string Symbol { get; } = symbol;

    /// <summary>Yahoo's name of it.</summary>
    public string VendorSymbol { get; } = vendorSymbol;

    /// <summary>When the symbol is fetched next.</summary>
    public DateTimeOffset NextDue { get; set; } = DateTimeOffset.MinValue;

    /// <summary>Fetches that failed in a row (the back-off grows with them).</summary>
    public int Failures { get; set; }

    /// <summary>Whether <see cref="Watermark"/> has been read from the bar store.</summary>
    public bool WatermarkKnown { get; set; }

    /// <summary>The latest minute classified (imported, empty or bad), or stored before the importer started.</summary>
    public DateTime? Watermark { get; set; }
}
