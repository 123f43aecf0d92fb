namespace OrleansTicks.Grains.Feeds.Simulator;

/// <summary>Vose's alias method: picks an index with probability proportional to its weight in O(1), from one 64-bit
/// draw (the high half picks a column, the low half decides between the column and its alias). The simulator picks
/// the symbol of every trade with it, so it must cost a few nanoseconds whatever the number of symbols.</summary>
internal sealed class AliasTable
{
    private readonly uint[] _threshold;
    private readonly int[] _alias;

    public AliasTable(ReadOnlySpan<double> weights)
    {
        var n = weights.Length;
        if (n == 0)
        {
            throw new ArgumentException("At least one weight is needed.", nameof(weights));
        }

        var total = 0.0;
        foreach (var weight in weights)
        {
            if (!(weight > 0) || double.IsInfinity(weight))
            {
                throw new ArgumentException($"Weights must be positive and finite; one is {weight}.", nameof(weights));
            }

            total += weight;
        }

        var scaled = new double[n];
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (var i = 0; i < n; i++)
        {
            scaled[i] = weights[i] * n / total;
            (scaled[i] < 1.0 ? small : large).Push(i);
        }

        _threshold = new uint[n];
        _alias = new int[n];
        while (small.Count > 0 && large.Count > 0)
        {
            var less = small.Pop();
            var more = large.Pop();
            _threshold[less] = ToThreshold(scaled[less]);
            _alias[less] = more;
            scaled[more] = scaled[more] + scaled[less] - 1.0;
            (scaled[more] < 1.0 ? small : large).Push(more);
        }

        // What is left has a scaled weight of 1 up to rounding: the column always keeps its own index.
        foreach (var rest in large.Concat(small))
        {
            _threshold[rest] = uint.MaxValue;
            _alias[rest] = rest;
        }
    }

    public int Count => _alias.Length;

    /// <summary>The index chosen by <paramref name="random"/>, a uniform 64-bit draw.</summary>
    public int Pick(ulong random)
    {
        // Lemire's multiply-shift maps the high 32 bits onto [0, n) without a division.
        var column = (int)(((random >> 32) * (ulong)(uint)_alias.Length) >> 32);
        return (uint)random < _threshold[column] ? column : _alias[column];
    }

    private static uint ToThreshold(double probability) =>
        probability >= 1.0 ? uint.MaxValue : (uint)(probability * 4294967296.0);
}
