using OrleansTicks.Grains.Symbols;

namespace OrleansTicks.Grains.Tests.Symbols;

/// <summary>The embedded directory, loaded once for the tests that only read it (tests that register build their
/// own), and the raw lines of the embedded files for independent counts.</summary>
internal static class EmbeddedSymbols
{
    private static readonly Lazy<SymbolDirectory> Shared = new(SymbolDirectory.LoadEmbedded);

    public static SymbolDirectory Directory => Shared.Value;

    public static string[] Lines(string resourceName)
    {
        using var reader = SymbolLists.OpenEmbedded(resourceName);
        return reader.ReadToEnd().Split('\n');
    }
}
