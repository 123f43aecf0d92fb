namespace OrleansTicks.TestKit.Feeds;

/// <summary>What a <see cref="PacedLedgerFeed"/> sent on one connection.</summary>
/// <param name="Connection">The connection's index at the server (1 = the first).</param>
/// <param name="Sent">Deliveries sent on it.</param>
/// <param name="CaughtUp">Of those, the ones sent more than a second after they were due: the catch-up a connection
/// gets of what was due before it subscribed.</param>
/// <param name="Complete">Whether every delivery of the ledger has been sent on it.</param>
public sealed record LedgerConnectionReport(int Connection, int Sent, int CaughtUp, bool Complete);
