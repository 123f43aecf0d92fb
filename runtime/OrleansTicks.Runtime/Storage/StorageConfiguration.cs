using Microsoft.Extensions.Configuration;

namespace OrleansTicks.Runtime.Storage;

/// <summary>Where a storage provider's settings come from. For a provider named <c>Archive</c> of engine
/// <c>Sqlite</c>, in increasing precedence: <c>ConnectionStrings:Sqlite</c>, the section <c>Storage:Sqlite</c>
/// (shared by every SQLite provider), then the section <c>Storage:Sqlite:Archive</c>. Settings are reported under
/// <c>Storage:Sqlite</c> for the provider named <c>Default</c>, where the per-name section is rarely used.</summary>
internal static class StorageConfiguration
{
    public static string SectionPath(string engineSection, string name) =>
        name == PersistentStateAttribute.DefaultStorageName ? engineSection : $"{engineSection}:{name}";

    public static string SettingPath(string engineSection, string name, string setting) =>
        $"{SectionPath(engineSection, name)}:{setting}";

    public static void Bind<TOptions>(IConfiguration configuration, string engineSection, string connectionStringName, string name, TOptions options, Action<TOptions, string> setConnectionString)
        where TOptions : class
    {
        if (configuration.GetConnectionString(connectionStringName) is { Length: > 0 } connectionString)
        {
            setConnectionString(options, connectionString);
        }

        configuration.GetSection(engineSection).Bind(options);
        configuration.GetSection($"{engineSection}:{name}").Bind(options);
    }
}
