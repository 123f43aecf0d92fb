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
    // What the binder can set: a property with a public setter, or a read-only one it fills in place (a list, an
    // object). A computed read-only value (a string, a number) is not a setting.
    private static readonly string[] Settings = [.. typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.SetMethod is { IsPublic: true } || (!p.PropertyType.IsValueType && p.PropertyType != typeof(string)))
        .Select(p => p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? p.Name)
        .Order(StringComparer.Ordinal)];

    /// <summary>Fails naming every unknown key of the section and the settings it has.</summary>
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var unknown = configuration.GetSection(section).GetChildren()
            .Select(child => child.Key)
            .Where(key => !Settings.Contains(key, StringComparer.OrdinalIgnoreCase) && !subsections.Contains(key, StringComparer.OrdinalIgnoreCase))
            .Select(key => $"{section}:{key}")
            .ToList();
        if (unknown.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        var valid = string.Join(", ", Settings.Concat(subsections.Select(s => s + ":…")));
        return ValidateOptionsResult.Fail(
            $"{string.Join(", ", unknown)} {(unknown.Count == 1 ? "is not a setting" : "are not settings")}; the settings of {section} are {valid}.");
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
