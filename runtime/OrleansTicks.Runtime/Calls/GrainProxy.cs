using System.Reflection;

namespace OrleansTicks.Runtime.Calls;

/// <summary>The object <c>GetGrain</c> returns: a <see cref="DispatchProxy"/> that implements the grain
/// interface by turning each call into a <see cref="GrainCall{T}"/> for the referenced grain.</summary>
public class GrainProxy : DispatchProxy
{
    internal GrainReference Reference { get; private set; } = null!;

    /// <summary>The id of the grain or observer this proxy addresses.</summary>
    public GrainId GrainId => Reference.GrainId;

    internal static TInterface Create<TInterface>(GrainReference reference) => (TInterface)Create(typeof(TInterface), reference);

    internal static object Create(Type interfaceType, GrainReference reference)
    {
        var proxy = DispatchProxy.Create(interfaceType, typeof(GrainProxy));
        ((GrainProxy)proxy).Reference = reference;
        return proxy;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return Reference.Interface.Methods[targetMethod].Call(Reference, args ?? []);
    }

    /// <summary>Two references are equal when they address the same grain.</summary>
    public override bool Equals(object? obj) => obj is GrainProxy other && other.GrainId == GrainId;

    /// <inheritdoc />
    public override int GetHashCode() => GrainId.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => $"{Reference.Interface.InterfaceType.Name}:{GrainId}";
}
