using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.TestKit;

/// <summary>One delivery of a <see cref="Ledger"/>: <paramref name="Trade"/>, due to be sent at <paramref name="At"/> (UTC).</summary>
public readonly record struct LedgerDelivery(DateTime At, Trade Trade);
