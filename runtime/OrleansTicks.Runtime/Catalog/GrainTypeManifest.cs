using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;
using OrleansTicks.Runtime.Calls;

namespace OrleansTicks.Runtime.Catalog;

/// <summary>The grain classes a silo hosts and the interfaces they implement, built once at start from the
/// registered assemblies. Every method signature is checked here, so a bad grain interface stops the silo
/// at start instead of failing a call later.</summary>
internal sealed class GrainTypeManifest
{
    private readonly FrozenDictionary<Type, GrainInterfaceInfo> _grainInterfaces;
    private readonly FrozenDictionary<string, GrainClassInfo[]> _implicitSubscribers;
    private readonly ConcurrentDictionary<Type, GrainInterfaceInfo> _observerInterfaces = new();

    public GrainTypeManifest(IEnumerable<Type> grainClasses)
    {
        var classes = grainClasses.Distinct().Select(GrainClassInfo.Create).ToArray();
        var duplicateType = classes.GroupBy(c => c.GrainType, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicateType is not null)
        {
            throw new InvalidOperationException($"Grain type name '{duplicateType.Key}' is used by {string.Join(" and ", duplicateType.Select(c => c.ClassType.FullName))}; give one a [GrainType] of its own.");
        }

        var interfaces = new Dictionary<Type, GrainInterfaceInfo>();
        foreach (var grainClass in classes)
        {
            foreach (var contract in grainClass.ClassType.GetInterfaces().Where(IsGrainInterface))
            {
                if (interfaces.TryGetValue(contract, out var existing))
                {
                    throw new InvalidOperationException($"Grain interface {contract.FullName} is implemented by both {existing.Class!.ClassType.FullName} and {grainClass.ClassType.FullName}; one implementation per interface is supported.");
                }

                interfaces[contract] = new GrainInterfaceInfo(contract, grainClass);
            }
        }

        Classes = classes;
        _grainInterfaces = interfaces.ToFrozenDictionary();
        _implicitSubscribers = classes
            .SelectMany(c => c.ImplicitStreamNamespaces.Select(ns => (ns, c)))
            .GroupBy(p => p.ns, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(p => p.c).ToArray(), StringComparer.Ordinal);
    }

    public IReadOnlyList<GrainClassInfo> Classes { get; }

    public GrainInterfaceInfo GetGrainInterface(Type interfaceType)
    {
        if (_grainInterfaces.TryGetValue(interfaceType, out var info))
        {
            return info;
        }

        var known = string.Join(", ", _grainInterfaces.Keys.Select(k => k.Name).Order(StringComparer.Ordinal));
        throw new ArgumentException(
            $"No grain class in this silo implements {interfaceType.FullName}. Register the assembly that holds it with silo.AddGrainsFromAssembly(...). Known grain interfaces: {(known.Length == 0 ? "none" : known)}.",
            nameof(interfaceType));
    }

    public GrainInterfaceInfo GetObserverInterface(Type interfaceType) =>
        _observerInterfaces.GetOrAdd(interfaceType, static type => new GrainInterfaceInfo(type, grainClass: null));

    /// <summary>The grain classes implicitly subscribed to <paramref name="streamNamespace"/>.</summary>
    public IReadOnlyList<GrainClassInfo> GetImplicitSubscribers(string streamNamespace) =>
        _implicitSubscribers.TryGetValue(streamNamespace, out var subscribers) ? subscribers : [];

    private static bool IsGrainInterface(Type type) =>
        type.IsInterface && typeof(IGrain).IsAssignableFrom(type) && type != typeof(IGrain) && type != typeof(IGrainWithStringKey) && type != typeof(IAddressable);
}

/// <summary>A grain or observer interface and the compiled form of its methods.</summary>
internal sealed class GrainInterfaceInfo
{
    public GrainInterfaceInfo(Type interfaceType, GrainClassInfo? grainClass)
    {
        if (!interfaceType.IsInterface)
        {
            throw new ArgumentException($"{interfaceType.FullName} is not an interface.", nameof(interfaceType));
        }

        var hierarchy = new[] { interfaceType }.Concat(interfaceType.GetInterfaces()).ToArray();
        if (hierarchy.Any(t => t.GetProperties().Length > 0 || t.GetEvents().Length > 0))
        {
            throw new ArgumentException($"{interfaceType.FullName} declares properties or events; grain and observer interfaces declare only methods.", nameof(interfaceType));
        }

        InterfaceType = interfaceType;
        Class = grainClass;
        Methods = hierarchy
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .ToFrozenDictionary(m => m, GrainMethod.Create);
        if (grainClass is not null && Methods.Values.Any(m => m.ReturnKind == ReturnKind.OneWay))
        {
            throw new ArgumentException($"{interfaceType.FullName} has a void method; grain methods return a Task (void one-way methods are for observers).", nameof(interfaceType));
        }
    }

    public Type InterfaceType { get; }

    /// <summary>The implementing class; null for observer interfaces.</summary>
    public GrainClassInfo? Class { get; }

    public FrozenDictionary<MethodInfo, GrainMethod> Methods { get; }
}
