namespace OrleansTicks.Grains.Feeds.Live;

/// <summary>What a received message was.</summary>
public enum LiveMessageKind
{
    /// <summary>Trades (appended to the batch; possibly none).</summary>
    Trades,

    /// <summary>A message with no trades that needs nothing: an answer to a request, a vendor ping, a notice.</summary>
    Control,

    /// <summary>Malformed: counted and logged (rate-limited), nothing of it applied.</summary>
    Bad,

    /// <summary>The vendor reports an error: counted and logged (rate-limited).</summary>
    VendorError,
}

/// <summary>The outcome of <see cref="ILiveFeedProtocol.Parse"/>. <see cref="Detail"/> says what was wrong (a bad
/// message) or the vendor's text (an error); a constant string where possible, so the bad path allocates little.</summary>
public readonly record struct LiveMessage(LiveMessageKind Kind, string? Detail = null)
{
    /// <summary>Trades, or a message that carried none.</summary>
    public static LiveMessage Trades => new(LiveMessageKind.Trades);

    /// <summary>A control message.</summary>
    public static LiveMessage Control => new(LiveMessageKind.Control);

    /// <summary>A malformed message and why.</summary>
    public static LiveMessage Bad(string problem) => new(LiveMessageKind.Bad, problem);

    /// <summary>An error the vendor sent.</summary>
    public static LiveMessage VendorError(string text) => new(LiveMessageKind.VendorError, text);
}
