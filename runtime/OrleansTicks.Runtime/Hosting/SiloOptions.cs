using Microsoft.Extensions.Options;

namespace OrleansTicks.Runtime.Hosting;

/// <summary>Settings of the silo's runtime, bound from the configuration section <c>Silo</c>.</summary>
public sealed class SiloOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Silo";

    /// <summary>How long a grain call may take before the caller gets a <see cref="TimeoutException"/>
    /// (<c>Silo:ResponseTimeout</c>, default 30 s).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an activation may stay unused before idle collection deactivates it
    /// (<c>Silo:CollectionAge</c>, default 15 min).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle collection runs (<c>Silo:CollectionQuantum</c>, default 1 min).</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an orderly shutdown waits for activations to finish and write their state
    /// (<c>Silo:ShutdownTimeout</c>, default 30 s).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many work items one activation runs before it yields its thread to others
    /// (<c>Silo:TurnBudget</c>, default 128): fairness between busy grains.</summary>
    public int TurnBudget { get; set; } = 128;
}

/// <summary>Checks <see cref="SiloOptions"/> at start, naming the bad setting.</summary>
internal sealed class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        var failures = new List<string>();
        RequirePositive(failures, nameof(options.ResponseTimeout), options.ResponseTimeout);
        RequirePositive(failures, nameof(options.CollectionAge), options.CollectionAge);
        RequirePositive(failures, nameof(options.CollectionQuantum), options.CollectionQuantum);
        RequirePositive(failures, nameof(options.ShutdownTimeout), options.ShutdownTimeout);
        if (options.CollectionQuantum > options.CollectionAge && options.CollectionAge > TimeSpan.Zero)
        {
            failures.Add($"{SiloOptions.SectionName}:{nameof(options.CollectionQuantum)} ({options.CollectionQuantum}) must not exceed {SiloOptions.SectionName}:{nameof(options.CollectionAge)} ({options.CollectionAge}).");
        }

        if (options.TurnBudget is < 1 or > 100_000)
        {
            failures.Add($"{SiloOptions.SectionName}:{nameof(options.TurnBudget)} is {options.TurnBudget}; valid: 1 to 100000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePositive(List<string> failures, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{SiloOptions.SectionName}:{name} is {value}; it must be a positive duration such as 00:00:30.");
        }
    }
}
