using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Feeds;
using OrleansTicks.Grains.Feeds.Simulator;

namespace OrleansTicks.Benchmarks;

/// <summary>The simulator feed's cost per trade, over the 503 S&amp;P 500 symbols, unpaced. One operation is one
/// trade: Op/s is trades per second and Allocated is bytes per trade. <c>Generate</c> is the generator alone
/// (batches of 256 into a reused buffer); <c>Run connector</c> is the whole connector loop into a sink that only
/// counts, including its set-up (universe, models, buffer) once per 1,000,000 trades. The two decimal rows compare
/// ways of making a price from integer cents.</summary>
[MemoryDiagnoser]
public class SimulatorBenchmarks
{
    private const int TradesPerInvoke = 1_000_000;
    private const int BatchSize = 256;

    private readonly Trade[] _batch = new Trade[BatchSize];
    private readonly decimal[] _prices = new decimal[1024];
    private readonly DateTime _time = new(2026, 1, 5, 14, 30, 0, DateTimeKind.Utc);
    private TradeGenerator _generator = null!;
    private SimulatorFeedConnector _connector = null!;

    [GlobalSetup]
    public void Setup()
    {
        _generator = new TradeGenerator(42, [.. Sp500Universe.Symbols.Select(s => s.Symbol)], SimulatorOptions.UnpacedModelTradesPerSecond, 0);
        _connector = new SimulatorFeedConnector(
            Options.Create(new SimulatorOptions { TradesPerSecond = 0, BatchSize = BatchSize }), TimeProvider.System, NullLogger<SimulatorFeedConnector>.Instance);
    }

    [Benchmark(OperationsPerInvoke = TradesPerInvoke, Description = "Generate, batches of 256")]
    public long Generate()
    {
        for (var i = 0; i < TradesPerInvoke / BatchSize; i++)
        {
            _generator.Fill(_batch, _time);
        }

        return _generator.TradesGenerated;
    }

    [Benchmark(OperationsPerInvoke = TradesPerInvoke / BatchSize * BatchSize, Description = "Run connector, unpaced, counting sink")]
    public async Task<long> RunConnector()
    {
        var sink = new CountingSink(TradesPerInvoke / BatchSize * BatchSize);
        await _connector.RunAsync(sink, sink.Stop.Token);
        return sink.Count;
    }

    [Benchmark(OperationsPerInvoke = TradesPerInvoke, Description = "decimal from cents: new decimal(lo, mid, hi, false, 2)")]
    public decimal DecimalFromBits()
    {
        var prices = _prices;
        for (long cents = 1; cents <= TradesPerInvoke; cents++)
        {
            prices[cents & 1023] = new decimal((int)cents, (int)(cents >> 32), 0, false, 2);
        }

        return prices[0];
    }

    [Benchmark(OperationsPerInvoke = TradesPerInvoke, Description = "decimal from cents: (decimal)cents / 100m")]
    public decimal DecimalByDivision()
    {
        var prices = _prices;
        for (long cents = 1; cents <= TradesPerInvoke; cents++)
        {
            prices[cents & 1023] = (decimal)cents / 100m;
        }

        return prices[0];
    }

    private sealed class CountingSink(int stopAfter) : ITradeSink
    {
        public CancellationTokenSource Stop { get; } = new();

        public long Count { get; private set; }

        public ValueTask PublishAsync(ReadOnlyMemory<Trade> trades, CancellationToken cancellationToken = default)
        {
            Count += trades.Length;
            if (Count >= stopAfter)
            {
                Stop.Cancel();
            }

            return ValueTask.CompletedTask;
        }
    }
}
