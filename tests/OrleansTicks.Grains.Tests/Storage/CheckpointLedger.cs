using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Market;
using OrleansTicks.Grains.Storage;

namespace OrleansTicks.Grains.Tests.Storage;

/// <summary>A symbol's trades handed over in checkpoints, as a symbol grain will: each checkpoint carries one delta bar
/// per minute of the trades applied since the previous one, and the ids of every trade applied so far.</summary>
internal sealed class CheckpointLedger(string symbol)
{
    private readonly TradeIdSet _ids = new();
    private readonly List<Trade> _pending = [];
    private long _nextId = 1_000;

    public string Symbol => symbol;

    /// <summary>Every trade handed over in a checkpoint so far.</summary>
    public List<Trade> Committed { get; } = [];

    /// <summary>The revision the next checkpoint expects.</summary>
    public long Revision { get; set; }

    /// <summary>Applies <paramref name="count"/> trades with the next ids, spread over the first
    /// <paramref name="minutes"/> minutes; every third id is skipped, so the ids form runs.</summary>
    public void Apply(Random random, int count, int minutes = 3)
    {
        for (var i = 0; i < count; i++)
        {
            var id = _nextId;
            _nextId += id % 3 == 0 ? 2 : 1;
            var time = TestBars.Minute(random.Next(minutes)).AddTicks(random.NextInt64(TimeSpan.TicksPerMinute));
            var trade = new Trade(symbol, id, 100m + random.Next(1, 5000) / 100m, random.Next(1, 1000) / 10m, time);
            Assert.True(_ids.TryAdd(id));
            _pending.Add(trade);
        }
    }

    /// <summary>The checkpoint of the trades applied since the last one committed.</summary>
    public SymbolCheckpoint Checkpoint() =>
        new(symbol, [.. _pending.GroupBy(t => t.Minute).Select(g => g.Skip(1).Aggregate(Bar.FromTrade(g.First(), g.Key), (b, t) => b.With(t)))], _ids, Revision);

    /// <summary>Records that the last <see cref="Checkpoint"/> committed.</summary>
    public void MarkCommitted()
    {
        Committed.AddRange(_pending);
        _pending.Clear();
        Revision++;
    }

    /// <summary>The ids as a copy (the live set goes on changing).</summary>
    public TradeIdSet Ids => new() { Floor = _ids.Floor, Runs = [.. _ids.Runs] };
}
