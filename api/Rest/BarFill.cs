using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Api.Rest;

/// <summary>What an interval without trades becomes in <c>GET /api/bars</c> (<c>fill=</c>):
/// <c>none</c> leaves it out; <c>empty</c> answers <c>{"t", "o":null, "h":null, "l":null, "c":null, "v":0,
/// "vw":null, "n":0}</c>; <c>carry</c> answers the previous bar's close as o, h, l and c with v 0, vw null, n 0 —
/// intervals before the range's first bar have nothing to carry and stay out. Only intervals that have begun are
/// filled: never one after now.</summary>
internal static class BarFill
{
    public const string None = "none";
    public const string Empty = "empty";
    public const string Carry = "carry";

    public static readonly string[] Modes = [None, Empty, Carry];

    /// <summary>The bars of every interval starting in [<paramref name="from"/>, <paramref name="until"/>), gaps
    /// filled as <paramref name="mode"/> says; <paramref name="bars"/> (aligned to the interval, oldest first) all
    /// appear, also one after <paramref name="until"/> (a trade stamped slightly ahead of the clock).</summary>
    public static List<FilledBar> Apply(IReadOnlyList<Bar> bars, BarInterval interval, DateTime from, DateTime until, string mode)
    {
        var result = new List<FilledBar>(bars.Count);
        if (mode == None)
        {
            foreach (var bar in bars)
            {
                result.Add(FilledBar.From(bar));
            }

            return result;
        }

        decimal? previousClose = null;
        var next = 0;
        for (var start = from; start < until || next < bars.Count; start = interval.Next(start))
        {
            if (next < bars.Count && bars[next].Start <= start)
            {
                result.Add(FilledBar.From(bars[next]));
                previousClose = bars[next].Close;
                next++;
            }
            else if (mode == Empty)
            {
                result.Add(new FilledBar(start, null, null, null, null, 0, null, 0));
            }
            else if (previousClose is { } close)
            {
                result.Add(new FilledBar(start, close, close, close, close, 0, null, 0));
            }
        }

        return result;
    }
}
