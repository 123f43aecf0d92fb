using System.Globalization;
using System.Text;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.TestKit.Feeds;

/// <summary>Finnhub's websocket format, written independently of the product's parser: trade messages (<c>data</c>
/// first, as Finnhub sends them; prices and sizes as JSON numbers, times in Unix milliseconds, conditions), pings and
/// errors.</summary>
public static class FinnhubFrames
{
    /// <summary>A trade message carrying <paramref name="trades"/> (no trade ids: Finnhub has none).</summary>
    public static string Trades(IEnumerable<Trade> trades)
    {
        var text = new StringBuilder("""{"data":[""");
        var first = true;
        foreach (var trade in trades)
        {
            text.Append(first ? string.Empty : ",");
            first = false;
            var ms = (long)(trade.Time - DateTime.UnixEpoch).TotalMilliseconds;
            text.Append(CultureInfo.InvariantCulture,
                $$"""{"c":{{(ms % 2 == 0 ? "null" : """["1","12"]""")}},"p":{{trade.Price}},"s":"{{trade.Symbol}}","t":{{ms}},"v":{{trade.Size}}}""");
        }

        return text.Append("""],"type":"trade"}""").ToString();
    }

    /// <summary>Finnhub's keep-alive.</summary>
    public const string Ping = """{"type":"ping"}""";

    /// <summary>An error message.</summary>
    public static string Error(string message) => $$"""{"type":"error","msg":"{{message}}"}""";
}
