using BenchmarkDotNet.Attributes;
using OrleansTicks.GrainInterfaces.Symbols;
using OrleansTicks.Grains.Symbols;

namespace OrleansTicks.Benchmarks;

/// <summary>The symbol directory over the embedded US listings (about 10,600 symbols): one search of up to 10
/// results per operation, as the dashboard's search box asks, and the per-trade-batch <c>Contains</c>. The queries
/// cover a one-letter symbol prefix with hundreds of candidates ("a"), a prefix plus name words ("app"), an exact
/// symbol ("AAPL") and two name words ("bank of").</summary>
[MemoryDiagnoser]
public class SymbolSearchBenchmarks
{
    private SymbolDirectory _directory = null!;

    [Params("a", "app", "AAPL", "bank of")]
    public string Query { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _directory = SymbolDirectory.LoadEmbedded();

    [Benchmark(Description = "Search, limit 10")]
    public IReadOnlyList<SymbolInfo> Search() => _directory.Search(Query, 10);

    [Benchmark(Description = "Search, limit 100")]
    public IReadOnlyList<SymbolInfo> SearchHundred() => _directory.Search(Query, 100);
}
