using System.Collections;
using System.Reflection;

namespace OrleansTicks.Deploy.Tests.Configuration;

/// <summary>The configuration keys the application reads, found by reflection over its assemblies rather than
/// listed by hand: options classes declare <c>public const string SectionName</c> and a key below it must name a
/// public settable property (nested objects as nested sections, list items by index, dictionary entries by key);
/// <c>ConnectionStrings:X</c> needs a <c>const string ...ConnectionStringName = "X"</c>; single keys read directly
/// are declared as <c>const string ...Key</c> (<c>Storage:Provider</c>, <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>).</summary>
internal sealed class ConfigurationKeyCatalog
{
    private const string ConnectionStrings = "ConnectionStrings";

    private readonly Dictionary<string, List<Type>> _sections = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _connectionStringNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _declaredKeys = new(StringComparer.OrdinalIgnoreCase);

    private ConfigurationKeyCatalog(IEnumerable<Type> types)
    {
        foreach (var type in types)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (!field.IsLiteral || field.FieldType != typeof(string) || field.GetRawConstantValue() is not string value)
                {
                    continue;
                }

                if (field.Name == "SectionName")
                {
                    AddSection(value, type);
                }
                else if (field.Name.EndsWith("ConnectionStringName", StringComparison.Ordinal))
                {
                    _connectionStringNames.Add(value);
                }
                else if (field.Name.EndsWith("Key", StringComparison.Ordinal) && LooksLikeConfigurationKey(value))
                {
                    _declaredKeys.Add(value);
                }
            }
        }
    }

    public IReadOnlyCollection<string> Sections => _sections.Keys;

    public IReadOnlyCollection<string> ConnectionStringNames => _connectionStringNames;

    /// <summary>The catalog of the OrleansTicks assemblies reachable from <paramref name="roots"/>.</summary>
    public static ConfigurationKeyCatalog Of(params Assembly[] roots)
    {
        var seen = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>(roots);
        while (pending.TryPop(out var assembly))
        {
            if (!seen.TryAdd(assembly.GetName().Name!, assembly))
            {
                continue;
            }

            foreach (var reference in assembly.GetReferencedAssemblies().Where(r => r.Name?.StartsWith("OrleansTicks.", StringComparison.Ordinal) == true))
            {
                pending.Push(Assembly.Load(reference));
            }
        }

        return new ConfigurationKeyCatalog(seen.Values.SelectMany(LoadableTypes));
    }

    /// <summary>Converts an environment variable name to its configuration key (<c>Feed__Kind</c> → <c>Feed:Kind</c>).</summary>
    public static string FromEnvironmentName(string name) => name.Replace("__", ":", StringComparison.Ordinal);

    /// <summary>Whether the application reads <paramref name="key"/>.</summary>
    public bool Contains(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (_declaredKeys.Contains(key))
        {
            return true;
        }

        var segments = key.Split(':');
        if (segments.Length == 2 && string.Equals(segments[0], ConnectionStrings, StringComparison.OrdinalIgnoreCase))
        {
            return _connectionStringNames.Contains(segments[1]);
        }

        // The longest section first: Feed:Yahoo:Interval belongs to YahooOptions, not to a Yahoo property of FeedOptions.
        for (var length = segments.Length - 1; length >= 1; length--)
        {
            if (_sections.TryGetValue(string.Join(':', segments[..length]), out var types)
                && types.Any(type => ResolveProperty(type, segments[length..])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ResolveProperty(Type type, ReadOnlySpan<string> path)
    {
        var property = type.GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null || property.GetIndexParameters().Length > 0)
        {
            return false;
        }

        var settable = property.SetMethod?.IsPublic == true;
        return path.Length == 1 ? settable : (settable || property.GetMethod?.IsPublic == true) && ResolveValue(property.PropertyType, path[1..]);
    }

    private static bool ResolveValue(Type type, ReadOnlySpan<string> path)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (path.Length == 0)
        {
            return true;
        }

        if (IsScalar(type))
        {
            return false;
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            return ResolveValue(valueType, path[1..]);
        }

        if (ElementType(type) is { } elementType)
        {
            return int.TryParse(path[0], out var index) && index >= 0 && ResolveValue(elementType, path[1..]);
        }

        return ResolveProperty(type, path);
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Uri) || type == typeof(Guid);

    private static Type? DictionaryValueType(Type type) =>
        type.GetInterfaces().Append(type)
            .Where(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)))
            .Select(i => i.GetGenericArguments())
            .Where(arguments => arguments[0] == typeof(string))
            .Select(arguments => arguments[1])
            .FirstOrDefault();

    private static Type? ElementType(Type type) =>
        type.IsArray
            ? type.GetElementType()
            : typeof(IEnumerable).IsAssignableFrom(type)
                ? type.GetInterfaces().Append(type)
                    .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                    .Select(i => i.GetGenericArguments()[0])
                    .FirstOrDefault()
                : null;

    private static bool LooksLikeConfigurationKey(string value) =>
        value.Contains(':', StringComparison.Ordinal) || (value.Length > 1 && value.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_'));

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException exception)
        {
            return exception.Types.OfType<Type>();
        }
    }

    private void AddSection(string section, Type type)
    {
        if (!_sections.TryGetValue(section, out var types))
        {
            _sections[section] = types = [];
        }

        types.Add(type);
    }
}
