using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.Runtime.Storage;

namespace OrleansTicks.Runtime.Catalog;

/// <summary>What the runtime knows about one grain class: its type name, how to construct it, which
/// persistent states it takes, whether it is a stateless worker and which stream namespaces it is
/// implicitly subscribed to.</summary>
internal sealed class GrainClassInfo
{
    private readonly ObjectFactory _factory;

    private GrainClassInfo(Type classType, string grainType, ObjectFactory factory, PersistentStateParameter[] states,
        int maxLocalWorkers, string[] implicitNamespaces)
    {
        ClassType = classType;
        GrainType = grainType;
        _factory = factory;
        PersistentStates = states;
        MaxLocalWorkers = maxLocalWorkers;
        ImplicitStreamNamespaces = implicitNamespaces;
    }

    public Type ClassType { get; }

    public string GrainType { get; }

    public IReadOnlyList<PersistentStateParameter> PersistentStates { get; }

    /// <summary>0 for an ordinary grain; the pool size for a stateless worker.</summary>
    public int MaxLocalWorkers { get; }

    public bool IsStatelessWorker => MaxLocalWorkers > 0;

    public IReadOnlyList<string> ImplicitStreamNamespaces { get; }

    public object Create(IServiceProvider services, object[] stateArguments) => _factory(services, stateArguments);

    /// <summary>The default grain type name: the class name without a <c>Grain</c> suffix, lower case.</summary>
    public static string DefaultGrainTypeName(Type classType)
    {
        var name = classType.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            name = name[..tick];
        }

        if (name.Length > "Grain".Length && name.EndsWith("Grain", StringComparison.Ordinal))
        {
            name = name[..^"Grain".Length];
        }

        return name.ToLowerInvariant();
    }

    public static GrainClassInfo Create(Type classType)
    {
        if (classType.IsAbstract || !typeof(Grain).IsAssignableFrom(classType))
        {
            throw new ArgumentException($"{classType.FullName} is not a concrete subclass of {nameof(Grain)}.", nameof(classType));
        }

        var grainType = classType.GetCustomAttribute<GrainTypeAttribute>()?.GrainType ?? DefaultGrainTypeName(classType);
        if (string.IsNullOrWhiteSpace(grainType) || grainType.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Grain type name '{grainType}' of {classType.FullName} is invalid: it must be non-empty and contain no '/'.", nameof(classType));
        }

        var constructors = classType.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        if (constructors.Length != 1)
        {
            throw new ArgumentException($"Grain class {classType.FullName} must have exactly one public constructor; it has {constructors.Length}.", nameof(classType));
        }

        var states = new List<PersistentStateParameter>();
        foreach (var parameter in constructors[0].GetParameters())
        {
            var attribute = parameter.GetCustomAttribute<PersistentStateAttribute>();
            if (attribute is null)
            {
                continue;
            }

            var type = parameter.ParameterType;
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            {
                throw new ArgumentException($"Parameter '{parameter.Name}' of {classType.FullName} has [PersistentState] but is {type.Name}, not IPersistentState<T>.", nameof(classType));
            }

            states.Add(new PersistentStateParameter(attribute.StateName, attribute.StorageName, type.GetGenericArguments()[0]));
        }

        var duplicate = states.GroupBy(s => s.StateName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"{classType.FullName} declares the persistent state '{duplicate.Key}' twice.", nameof(classType));
        }

        var factory = ActivatorUtilities.CreateFactory(classType, [.. states.Select(s => typeof(IPersistentState<>).MakeGenericType(s.StateType))]);
        var worker = classType.GetCustomAttribute<StatelessWorkerAttribute>();
        var namespaces = classType.GetCustomAttributes<ImplicitStreamSubscriptionAttribute>().Select(a => a.Namespace).Distinct(StringComparer.Ordinal).ToArray();
        if (worker is not null && namespaces.Length > 0)
        {
            throw new ArgumentException($"{classType.FullName} is a stateless worker and cannot have implicit stream subscriptions.", nameof(classType));
        }

        if (worker is not null && states.Count > 0)
        {
            throw new ArgumentException($"{classType.FullName} is a stateless worker and cannot have persistent state.", nameof(classType));
        }

        return new GrainClassInfo(classType, grainType, factory, [.. states], worker?.MaxLocalWorkers ?? 0, namespaces);
    }
}

/// <summary>A constructor parameter marked with <see cref="PersistentStateAttribute"/>.</summary>
internal sealed record PersistentStateParameter(string StateName, string StorageName, Type StateType);
