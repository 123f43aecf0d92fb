using OrleansTicks.Runtime.Catalog;

namespace OrleansTicks.Runtime.Calls;

/// <summary>A call of a grain or observer method as a router sees it: what the cluster transport needs to put it on
/// the wire.</summary>
internal interface IGrainCall : IWorkItem
{
    /// <summary>The method called.</summary>
    GrainMethod Method { get; }

    /// <summary>The call's arguments.</summary>
    object?[] Arguments { get; }
}
