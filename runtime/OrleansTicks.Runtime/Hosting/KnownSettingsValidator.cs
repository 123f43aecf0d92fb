using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrleansTicks.Runtime.Hosting;

/// <summary>Refuses, at start, a setting in an options class's section that no property of the class takes. The
/// configuration binder ignores such keys, so a typo (<c>Hub:MaxQuotesPerSecnd=0</c>) would leave the default in force
/// without a word; this names the key and lists the section's settings instead. Only the section's direct children are
/// checked: what lies below a known one (list entries, nested objects) is its property's to bind.</summary>
/// <typeparam name="TOptions">The options class bound to <paramref name="section"/>.</typeparam>
/// <param name="configuration">The host's configuration.</param>
/// <param name="section">The section, e.g. <c>Hub</c> or <c>Feed:Binance</c>.</param>
/// <param name="subsections">Children of the section that other options classes bind (e.g. <c>Binance</c> under
/// <c>Feed</c>).</param>
public sealed class KnownSettingsValidator<TOptions>(IConfiguration configuration, string section, params string[] subsections)
    : IValidateOptions<TOptions>
    where TOptions : class
{
    private static readonly string[] Settings = KnownSettings.Of(typeof(TOptions));

    /// <summary>Fails naming every unknown key of the section and the settings it has.</summary>
    public ValidateOptionsResult Validate(string? name, TOptions options) =>
        KnownSettings.Check(configuration, section, Settings, subsections) is { } failure
            ? ValidateOptionsResult.Fail(failure)
            : ValidateOptionsResult.Success;
}

/// <summary>The settings an options class takes, and the check of a section's keys against them. For a section that
/// several classes bind (<c>Cluster</c>, <c>Storage:Sqlite</c>), the caller passes the union of theirs.</summary>
public static class KnownSettings
{
    /// <summary>What the binder can set on <paramref name="optionsTypes"/>: a property with a public setter, or a
    /// read-only one it fills in place (a list, an object). A computed read-only value (a string, a number) is not a
    /// setting. Sorted ordinally.</summary>
    public static string[] Of(params Type[] optionsTypes)
    {
        ArgumentNullException.ThrowIfNull(optionsTypes);
        return [.. optionsTypes
            .SelectMany(static t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Where(static p => p.SetMethod is { IsPublic: true } || (!p.PropertyType.IsValueType && p.PropertyType != typeof(string)))
            .Select(static p => p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? p.Name)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The failure for the keys of <paramref name="section"/> that are neither one of
    /// <paramref name="settings"/> nor one of <paramref name="subsections"/> (matched case-insensitively, as the binder
    /// does), naming them and the valid ones; null when there are none.</summary>
    public static string? Check(IConfiguration configuration, string section, IReadOnlyCollection<string> settings, IReadOnlyCollection<string> subsections)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(subsections);
        var unknown = configuration.GetSection(section).GetChildren()
            .Select(static child => child.Key)
            .Where(key => !settings.Contains(key, StringComparer.OrdinalIgnoreCase) && !subsections.Contains(key, StringComparer.OrdinalIgnoreCase))
            .Select(key => $"{section}:{key}")
            .ToList();
        if (unknown.Count == 0)
        {
            return null;
        }

        var valid = string.Join(", ", settings.Concat(subsections.Select(static s => s + ":…")));
        return $"{string.Join(", ", unknown)} {(unknown.Count == 1 ? "is not a setting" : "are not settings")}; the settings of {section} are {valid}.";
    }
}

/// <summary>Registers <see cref="KnownSettingsValidator{TOptions}"/>.</summary>
public static class KnownSettingsExtensions
{
    /// <summary>Refuses at start any key of <paramref name="section"/> that <typeparamref name="TOptions"/> does not
    /// take (and that is not one of <paramref name="subsections"/>); pair with <c>ValidateOnStart</c>.</summary>
    public static OptionsBuilder<TOptions> RejectUnknownSettings<TOptions>(this OptionsBuilder<TOptions> options, string section, params string[] subsections)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Services.AddSingleton<IValidateOptions<TOptions>>(sp =>
            new KnownSettingsValidator<TOptions>(sp.GetRequiredService<IConfiguration>(), section, subsections));
        return options;
    }
}
