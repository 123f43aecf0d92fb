using BenchmarkDotNet.Attributes;
using OrleansTicks.Grains.Symbols;

namespace OrleansTicks.Benchmarks;

/// <summary><see cref="SymbolDirectory.Contains"/>, the check made per trade batch, for a listed symbol, a
/// registered one and an unknown one. It must not allocate.</summary>
[MemoryDiagnoser]
public class SymbolContainsBenchmarks
{
    private SymbolDirectory _directory = null!;

    [Params("AAPL", "BTCUSDT", "NOSUCH")]
    public string Symbol { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _directory = SymbolDirectory.LoadEmbedded();
        _directory.Register(new("BTCUSDT", "BTC/USDT", "Bitcoin / TetherUS", "Crypto", "BINANCE", "binance"));
    }

    [Benchmark(Description = "Contains")]
    public bool Contains() => _directory.Contains(Symbol);
}
