using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace OrleansTicks.FanoutFloor;

/// <summary>A trade as the product's quote shows it (the fields the hub's quote message carries, so that the frames
/// are about as long as the product's).</summary>
internal sealed record Trade(
    string Symbol, decimal Price, long Size, DateTimeOffset Time, long Seq, decimal Open, decimal High, decimal Low,
    decimal PrevClose, decimal Change, decimal ChangePercent, long Volume, decimal Vwap, int Subscribers, Bar Bar);

/// <summary>The symbol's current partial bar, as the product's bar message carries it.</summary>
internal sealed record Bar(string Symbol, DateTimeOffset T, decimal O, decimal H, decimal L, decimal C, long V, decimal Vw, long N, long Seq);

/// <summary>Makes <c>rate</c> trades a second over the symbols in turn, each stamped with the clock just before it is
/// sent, as the simulator feed does in the latency run (one trade per batch).</summary>
internal static class Pacer
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Run(IReadOnlyList<string> symbols, int rate, Action<string, byte[], Trade> send, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        for (long n = 0; !stop.IsCancellationRequested; n++)
        {
            var due = TimeSpan.FromSeconds((double)n / rate);
            while (clock.Elapsed < due)
            {
                Thread.Sleep(due - clock.Elapsed > TimeSpan.FromMilliseconds(2) ? 1 : 0);
            }

            var symbol = symbols[(int)(n % symbols.Count)];
            var now = DateTimeOffset.UtcNow;
            var price = 100m + (n % 997) / 100m;
            var bar = new Bar(symbol, now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMinute)), price, price + 1, price - 1, price, 100 * n, price, n, n);
            var trade = new Trade(symbol, price, 100, now, n, price, price + 1, price - 1, price, 0.5m, 0.5m, 100 * n, price, 50, bar);
            send(symbol, Frame(trade), trade);
        }
    }

    // {"type":1,"target":"quote","arguments":[quote]}␞{"type":1,"target":"bar","arguments":[bar]}␞: what a product
    // connection gets for a trade, in one write.
    private static byte[] Frame(Trade trade)
    {
        var text = new StringBuilder()
            .Append("{\"type\":1,\"target\":\"quote\",\"arguments\":[").Append(JsonSerializer.Serialize(trade with { Bar = null! }, Json)).Append("]}\u001e")
            .Append("{\"type\":1,\"target\":\"bar\",\"arguments\":[").Append(JsonSerializer.Serialize(trade.Bar, Json)).Append("]}\u001e");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
