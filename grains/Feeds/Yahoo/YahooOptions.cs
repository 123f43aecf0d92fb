namespace OrleansTicks.Grains.Feeds.Yahoo;

/// <summary>Settings of the <c>yahoo</c> importer, section <c>Feed:Yahoo</c>. Where it reads from is <c>Feed:Url</c>
/// (default <see cref="DefaultUrl"/>); which symbols, <c>Feed:Symbols</c> plus the watched ones.</summary>
public sealed class YahooOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Feed:Yahoo";

    /// <summary>The base address used when <c>Feed:Url</c> is not set.</summary>
    public static readonly Uri DefaultUrl = new("https://query1.finance.yahoo.com");

    /// <summary>How often each symbol's chart is fetched.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one request may take before it counts as failed.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long after a minute has ended it is imported: Yahoo's minutes keep changing for a while after
    /// they end (late prints reach it with a delay), and a minute is imported only once.</summary>
    public TimeSpan SettleDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait before retrying a symbol whose fetches fail (the wait doubles per failure from
    /// <see cref="PollInterval"/>).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many symbols are fetched at once.</summary>
    public int Parallelism { get; set; } = 4;
}
