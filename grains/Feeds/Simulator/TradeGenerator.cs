using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Grains.Feeds.Simulator;

/// <summary>The simulator's deterministic core: the same seed, symbols, rate and id base give the same trades, in the
/// same order, on every machine. Every symbol's price follows a geometric Brownian motion whose step is the simulated
/// time since that symbol's previous trade (trade <c>k</c> of the whole feed happens at <c>k / rate</c> seconds), so
/// volatility per √second is the calibrated one whatever the rate. The hot path allocates nothing: symbol strings
/// are resolved once, state lives in arrays, prices are built from integer cents.</summary>
internal sealed class TradeGenerator
{
    private readonly string[] _symbols;
    private readonly double[] _price;
    private readonly double[] _sigmaPerSqrtTrade;
    private readonly double[] _halfVariancePerTrade;
    private readonly long[] _lastTradeIndex;
    private readonly long[] _nextId;
    private readonly AliasTable _activity;
    private readonly int _rate;
    private Xoshiro256StarStar _random;
    private double _spareNormal;
    private bool _hasSpareNormal;
    private long _tradeIndex;

    /// <param name="seed">The seed of everything random.</param>
    /// <param name="symbols">The universe, each once.</param>
    /// <param name="tradesPerSecond">The simulated rate (positive): it sets the time between trades, hence the GBM
    /// step and virtual times.</param>
    /// <param name="tradeIdBase">Added to every symbol's trade sequence number (1, 2, ...).</param>
    public TradeGenerator(ulong seed, IReadOnlyList<string> symbols, int tradesPerSecond, long tradeIdBase)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentOutOfRangeException.ThrowIfLessThan(symbols.Count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tradesPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(tradeIdBase);
        var n = symbols.Count;
        _rate = tradesPerSecond;
        _symbols = [.. symbols];
        _price = new double[n];
        _sigmaPerSqrtTrade = new double[n];
        _halfVariancePerTrade = new double[n];
        _lastTradeIndex = new long[n];
        _nextId = new long[n];
        _random = new Xoshiro256StarStar(seed);

        var ranks = ShuffledRanks(n, ref _random);
        var weights = new double[n];
        var totalWeight = 0.0;
        for (var i = 0; i < n; i++)
        {
            weights[i] = 1.0 / (ranks[i] + SimulatorCalibration.ActivityRankOffset);
            totalWeight += weights[i];
        }

        var secondsPerTrade = 1.0 / tradesPerSecond;
        var models = new SimulatedSymbol[n];
        for (var i = 0; i < n; i++)
        {
            // Per-symbol draws come from the symbol's own stream, so a symbol keeps its model in any subset.
            var own = new Xoshiro256StarStar(seed ^ StableHash(_symbols[i]));
            var volatility = Math.Clamp(
                SimulatorCalibration.MedianAnnualVolatility * Math.Exp(SimulatorCalibration.VolatilityDispersion * own.NextStandardNormalSlow()),
                SimulatorCalibration.MinAnnualVolatility,
                SimulatorCalibration.MaxAnnualVolatility);
            var startPrice = Math.Clamp(
                SimulatorCalibration.MedianStartPrice * Math.Exp(SimulatorCalibration.StartPriceDispersion * own.NextStandardNormalSlow()),
                SimulatorCalibration.MinStartPrice,
                SimulatorCalibration.MaxStartPrice);
            var variancePerSecond = volatility * volatility / (SimulatorCalibration.TradingDaysPerYear * (double)SimulatorCalibration.TradingSecondsPerDay);
            _price[i] = startPrice;
            _sigmaPerSqrtTrade[i] = Math.Sqrt(variancePerSecond * secondsPerTrade);
            _halfVariancePerTrade[i] = 0.5 * variancePerSecond * secondsPerTrade;
            _nextId[i] = tradeIdBase + 1;
            models[i] = new SimulatedSymbol(_symbols[i], volatility, startPrice, ranks[i], weights[i] / totalWeight);
        }

        _activity = new AliasTable(weights);
        Symbols = models;
    }

    /// <summary>The model of every symbol, in the order given.</summary>
    public IReadOnlyList<SimulatedSymbol> Symbols { get; }

    /// <summary>Trades generated so far.</summary>
    public long TradesGenerated => _tradeIndex;

    /// <summary>Fills <paramref name="batch"/> with the next trades, all stamped <paramref name="time"/>.</summary>
    public void Fill(Span<Trade> batch, DateTime time) => Fill(batch, time, virtualTime: false);

    /// <summary>Fills <paramref name="batch"/> with the next trades, trade <c>k</c> (1-based, of the whole feed)
    /// stamped <paramref name="origin"/> + <c>k / rate</c> seconds: simulated time, independent of the clock.</summary>
    public void FillVirtual(Span<Trade> batch, DateTime origin) => Fill(batch, origin, virtualTime: true);

    /// <summary>The simulated time of trade <paramref name="tradeIndex"/> after the origin, exactly, in ticks.</summary>
    public long VirtualOffsetTicks(long tradeIndex) =>
        (tradeIndex / _rate * TimeSpan.TicksPerSecond) + (tradeIndex % _rate * TimeSpan.TicksPerSecond / _rate);

    private void Fill(Span<Trade> batch, DateTime time, bool virtualTime)
    {
        var originTicks = time.Ticks;
        for (var i = 0; i < batch.Length; i++)
        {
            var index = ++_tradeIndex;
            var s = _activity.Pick(_random.NextUInt64());
            var elapsedTrades = (double)(index - _lastTradeIndex[s]);
            _lastTradeIndex[s] = index;
            var logStep = (_sigmaPerSqrtTrade[s] * Math.Sqrt(elapsedTrades) * NextStandardNormal()) - (_halfVariancePerTrade[s] * elapsedTrades);
            var price = _price[s] * Math.Exp(logStep);
            _price[s] = price;
            var cents = (long)((price * 100.0) + 0.5);
            if (cents < 1)
            {
                cents = 1; // the internal price may drift under half a cent; a print is never below the tick
            }

            var size = TradeSizes.Pick(_random.NextUInt64());
            var stamp = virtualTime ? new DateTime(originTicks + VirtualOffsetTicks(index), DateTimeKind.Utc) : time;
            batch[i] = new Trade(_symbols[s], _nextId[s]++, new decimal((int)cents, (int)(cents >> 32), 0, false, 2), size, stamp);
        }
    }

    /// <summary>Marsaglia's polar method: two normals per accepted pair of uniforms (acceptance π/4), one logarithm
    /// and one square root per pair, no trigonometry.</summary>
    private double NextStandardNormal()
    {
        if (_hasSpareNormal)
        {
            _hasSpareNormal = false;
            return _spareNormal;
        }

        double u, v, s;
        do
        {
            var bits = _random.NextUInt64();
            // Two 32-bit uniforms in (-1, 1) from one draw: ample resolution for a price step.
            u = ((int)(uint)bits * (1.0 / 2147483648.0)) + (0.5 / 2147483648.0);
            v = ((int)(uint)(bits >> 32) * (1.0 / 2147483648.0)) + (0.5 / 2147483648.0);
            s = (u * u) + (v * v);
        }
        while (s >= 1.0);

        var factor = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spareNormal = v * factor;
        _hasSpareNormal = true;
        return u * factor;
    }

    /// <summary>Ranks 1..n in a seeded random order (Fisher–Yates), so the busiest symbols depend on the seed.</summary>
    private static int[] ShuffledRanks(int n, ref Xoshiro256StarStar random)
    {
        var ranks = new int[n];
        for (var i = 0; i < n; i++)
        {
            ranks[i] = i + 1;
        }

        for (var i = n - 1; i > 0; i--)
        {
            var j = (int)(random.NextUInt64() % (ulong)(i + 1));
            (ranks[i], ranks[j]) = (ranks[j], ranks[i]);
        }

        return ranks;
    }

    /// <summary>FNV-1a of the symbol: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    private static ulong StableHash(string symbol)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in symbol)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
