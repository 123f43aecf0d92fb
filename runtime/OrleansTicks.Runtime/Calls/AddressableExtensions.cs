using OrleansTicks.Runtime.Calls;

namespace OrleansTicks.Runtime;

/// <summary>Helpers on grain and observer references.</summary>
public static class AddressableExtensions
{
    /// <summary>The id a grain or observer reference addresses.</summary>
    /// <exception cref="ArgumentException">The object is not a reference made by the runtime.</exception>
    public static GrainId GetGrainId(this IAddressable reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return reference is GrainProxy proxy
            ? proxy.GrainId
            : throw new ArgumentException("Not a grain or observer reference: get one from IGrainFactory.", nameof(reference));
    }
}
