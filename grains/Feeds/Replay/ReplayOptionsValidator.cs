using Microsoft.Extensions.Options;

namespace OrleansTicks.Grains.Feeds.Replay;

/// <summary>Checks <see cref="ReplayOptions"/> at start, naming the bad setting and what is valid.</summary>
internal sealed class ReplayOptionsValidator : IValidateOptions<ReplayOptions>
{
    /// <summary>The longest symbol accepted.</summary>
    public const int MaxSymbolLength = 32;

    private const string Section = ReplayOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ReplayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            failures.Add($"{Section}:{nameof(options.Path)} is empty; it must name the CSV file of bars to replay.");
        }
        else if (!File.Exists(options.Path))
        {
            failures.Add($"{Section}:{nameof(options.Path)} '{options.Path}' is not a file (looked for {Path.GetFullPath(options.Path)}).");
        }

        if (DescribeSymbolProblem(options.Symbol) is { } problem)
        {
            failures.Add($"{Section}:{nameof(options.Symbol)} {problem}");
        }

        if (!double.IsFinite(options.Speed) || options.Speed < 0)
        {
            failures.Add($"{Section}:{nameof(options.Speed)} must be 0 (as fast as possible) or a positive multiple of real time; it is {options.Speed}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Why <paramref name="symbol"/> is not a valid symbol, or null when it is: 1 to 32 characters, upper-case
    /// letters, digits and <c>. - ^ = /</c>, starting with a letter, a digit or <c>^</c> (an index).</summary>
    internal static string? DescribeSymbolProblem(string? symbol)
    {
        if (string.IsNullOrWhiteSpace(symbol))
        {
            return "is empty; it must name the symbol the file's bars are of (e.g. AAPL).";
        }

        if (symbol.Length > MaxSymbolLength)
        {
            return $"'{symbol}' is longer than {MaxSymbolLength} characters.";
        }

        if (!(char.IsAsciiLetterUpper(symbol[0]) || char.IsAsciiDigit(symbol[0]) || symbol[0] == '^'))
        {
            return $"'{symbol}' must start with an upper-case letter, a digit or ^.";
        }

        foreach (var c in symbol)
        {
            if (!(char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '.' or '-' or '^' or '=' or '/'))
            {
                return $"'{symbol}' has '{c}'; a symbol is upper case: letters A-Z, digits and . - ^ = / only (e.g. AAPL, BRK.B, ^GSPC).";
            }
        }

        return null;
    }
}
