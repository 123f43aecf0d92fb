using Microsoft.Extensions.Options;

namespace OrleansTicks.Grains.Feeds.Simulator;

/// <summary>Checks <see cref="SimulatorOptions"/> at start, naming the bad setting and what is valid.</summary>
internal sealed class SimulatorOptionsValidator : IValidateOptions<SimulatorOptions>
{
    private const string Section = SimulatorOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.TradesPerSecond is < 0 or > SimulatorOptions.MaxTradesPerSecond)
        {
            failures.Add($"{Section}:{nameof(options.TradesPerSecond)} must be 0 (as fast as possible) or a rate up to {SimulatorOptions.MaxTradesPerSecond:N0}; it is {options.TradesPerSecond}.");
        }

        if (options.BatchSize is < 1 or > SimulatorOptions.MaxBatchSize)
        {
            failures.Add($"{Section}:{nameof(options.BatchSize)} must be between 1 and {SimulatorOptions.MaxBatchSize}; it is {options.BatchSize}.");
        }

        if (options.SymbolCount < 0)
        {
            failures.Add($"{Section}:{nameof(options.SymbolCount)} must be 0 (all symbols) or a positive limit; it is {options.SymbolCount}.");
        }

        CheckSymbols(options.Symbols, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckSymbols(List<string>? symbols, List<string> failures)
    {
        if (symbols is null)
        {
            return;
        }

        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var constituent in Sp500Universe.Symbols)
        {
            known.Add(constituent.Symbol);
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var unknown = new List<string>();
        var repeated = new List<string>();
        foreach (var symbol in symbols)
        {
            var trimmed = symbol?.Trim() ?? string.Empty;
            if (!known.Contains(trimmed))
            {
                unknown.Add($"'{symbol}'");
            }
            else if (!seen.Add(trimmed))
            {
                repeated.Add(trimmed);
            }
        }

        if (unknown.Count > 0)
        {
            failures.Add($"{Section}:{nameof(SimulatorOptions.Symbols)} may only name S&P 500 constituents (e.g. AAPL, MSFT, BRK.B); not constituents: {string.Join(", ", unknown)}.");
        }

        if (repeated.Count > 0)
        {
            failures.Add($"{Section}:{nameof(SimulatorOptions.Symbols)} names {string.Join(", ", repeated)} more than once.");
        }
    }
}
