namespace OrleansTicks.Grains.Feeds.Live;

/// <summary>Checks the shared <see cref="LiveFeedOptions"/> for a vendor's validator, naming each bad setting under
/// the vendor's section.</summary>
public static class LiveFeedOptionsChecks
{
    /// <summary>The largest <see cref="LiveFeedOptions.BatchSize"/>.</summary>
    public const int MaxBatchSize = 65_536;

    /// <summary>The bounds of <see cref="LiveFeedOptions.MaxMessageBytes"/>.</summary>
    public const int MinMessageBytes = 1_024;

    /// <summary>The largest <see cref="LiveFeedOptions.MaxMessageBytes"/> (64 MiB).</summary>
    public const int MaxMessageBytes = 64 << 20;

    /// <summary>Adds a message to <paramref name="failures"/> for every bad setting of <paramref name="options"/>.</summary>
    public static void Check(string section, LiveFeedOptions options, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(failures);
        Positive(section, nameof(options.ConnectTimeout), options.ConnectTimeout, failures);
        NotNegative(section, nameof(options.StallTimeout), options.StallTimeout, failures);
        NotNegative(section, nameof(options.KeepAliveInterval), options.KeepAliveInterval, failures);
        NotNegative(section, nameof(options.KeepAliveTimeout), options.KeepAliveTimeout, failures);
        NotNegative(section, nameof(options.ReconnectMinDelay), options.ReconnectMinDelay, failures);
        NotNegative(section, nameof(options.HealthyAfter), options.HealthyAfter, failures);
        NotNegative(section, nameof(options.MaxConnectionAge), options.MaxConnectionAge, failures);
        NotNegative(section, nameof(options.MinSendInterval), options.MinSendInterval, failures);
        if (options.ReconnectMaxDelay < options.ReconnectMinDelay)
        {
            failures.Add($"{section}:{nameof(options.ReconnectMaxDelay)} is {options.ReconnectMaxDelay}; it must not be below {section}:{nameof(options.ReconnectMinDelay)} ({options.ReconnectMinDelay}).");
        }

        if (options.MaxConnectionAge > TimeSpan.Zero && options.MaxConnectionAge < TimeSpan.FromMinutes(1))
        {
            failures.Add($"{section}:{nameof(options.MaxConnectionAge)} is {options.MaxConnectionAge}; it must be 0 (no limit) or at least a minute.");
        }

        if (options.BatchSize is < 1 or > MaxBatchSize)
        {
            failures.Add($"{section}:{nameof(options.BatchSize)} must be between 1 and {MaxBatchSize}; it is {options.BatchSize}.");
        }

        if (options.MaxMessageBytes is < MinMessageBytes or > MaxMessageBytes)
        {
            failures.Add($"{section}:{nameof(options.MaxMessageBytes)} must be between {MinMessageBytes} and {MaxMessageBytes}; it is {options.MaxMessageBytes}.");
        }
    }

    private static void Positive(string section, string name, TimeSpan value, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{section}:{name} is {value}; it must be positive.");
        }
    }

    private static void NotNegative(string section, string name, TimeSpan value, List<string> failures)
    {
        if (value < TimeSpan.Zero)
        {
            failures.Add($"{section}:{name} is {value}; it must not be negative.");
        }
    }
}
