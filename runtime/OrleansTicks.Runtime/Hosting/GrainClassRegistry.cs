using System.Reflection;

namespace OrleansTicks.Runtime.Hosting;

/// <summary>The grain classes registered with the silo builder, collected before the container is built.</summary>
internal sealed class GrainClassRegistry
{
    private readonly HashSet<Type> _types = [];

    public IReadOnlyCollection<Type> Types => _types;

    public void Add(Type grainClass) => _types.Add(grainClass);

    public void AddAssembly(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
        {
            if (type is { IsClass: true, IsAbstract: false } && typeof(Grain).IsAssignableFrom(type))
            {
                _types.Add(type);
            }
        }
    }
}
