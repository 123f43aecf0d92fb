using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace OrleansTicks.Grains.Feeds;

/// <summary>List settings (symbol lists) in either form: a list (<c>Feed:Symbols:0=AAPL</c>, a JSON array) or one
/// comma-separated value (<c>Feed:Symbols=AAPL,MSFT</c>, the natural form of an environment variable or a command
/// line). The configuration binder silently ignores the second form for a list property, so a user's list would
/// vanish without a word; this reads it.</summary>
internal static class ListSettings
{
    /// <summary>After binding, replaces the list with the comma-separated value at <paramref name="key"/> when there
    /// is one.</summary>
    public static OptionsBuilder<T> BindCommaList<T>(this OptionsBuilder<T> builder, string key, Action<T, string[]> set)
        where T : class =>
        builder.PostConfigure<IConfiguration>((options, configuration) =>
        {
            if (configuration[key] is { } text && !string.IsNullOrWhiteSpace(text))
            {
                set(options, text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            }
        });
}
