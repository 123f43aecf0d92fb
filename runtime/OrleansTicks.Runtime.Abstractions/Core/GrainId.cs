namespace OrleansTicks.Runtime;

/// <summary>The identity of a grain: its grain type (see <see cref="GrainTypeAttribute"/>) and its key.
/// Two references with equal ids address the same grain, wherever it is activated.</summary>
/// <param name="Type">The grain type name, for example <c>symbol</c>.</param>
/// <param name="Key">The grain's string key, for example <c>AAPL</c>.</param>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary>Formats the id as <c>type/key</c>.</summary>
    public override string ToString() => $"{Type}/{Key}";
}
