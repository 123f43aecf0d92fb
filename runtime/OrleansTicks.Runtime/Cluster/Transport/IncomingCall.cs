using OrleansTicks.Runtime.Calls;

namespace OrleansTicks.Runtime.Cluster.Transport;

/// <summary>A call read off the wire: whom it addresses, which method, with which arguments.</summary>
internal sealed record IncomingCall(GrainReference Target, GrainMethod Method, object?[] Arguments);
