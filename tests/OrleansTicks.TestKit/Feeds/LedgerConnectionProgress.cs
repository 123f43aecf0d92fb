namespace OrleansTicks.TestKit.Feeds;

/// <summary>How far a <see cref="PacedLedgerFeed"/> has come on one connection: per symbol, the index of the next
/// delivery to send. Touched only by the feed's pump; the counters are read under the feed's lock.</summary>
internal sealed class LedgerConnectionProgress(int connection)
{
    public int Connection { get; } = connection;

    public Dictionary<string, int> Next { get; } = new(StringComparer.Ordinal);

    public int Sent { get; set; }

    public int CaughtUp { get; set; }

    public bool Complete { get; set; }

    public LedgerConnectionReport Report() => new(Connection, Sent, CaughtUp, Complete);
}
