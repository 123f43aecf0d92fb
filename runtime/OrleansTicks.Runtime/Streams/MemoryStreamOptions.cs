using Microsoft.Extensions.Options;

namespace OrleansTicks.Runtime.Streams;

/// <summary>Settings of an in-memory stream provider, bound from <c>Streams:{name}</c>.</summary>
public sealed class MemoryStreamOptions
{
    /// <summary>The most items one stream buffers for its consumer (<c>MaxBufferedItems</c>, default 16384).
    /// It is also the largest batch delivered in one turn. A producer that finds the buffer full waits.</summary>
    public int MaxBufferedItems { get; set; } = 16_384;
}

internal sealed class MemoryStreamOptionsValidator : IValidateOptions<MemoryStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, MemoryStreamOptions options) =>
        options.MaxBufferedItems is >= 1 and <= 16_777_216
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Streams:{name}:{nameof(options.MaxBufferedItems)} is {options.MaxBufferedItems}; valid: 1 to 16777216.");
}
