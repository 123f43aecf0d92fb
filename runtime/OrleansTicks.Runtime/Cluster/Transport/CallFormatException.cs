namespace OrleansTicks.Runtime.Cluster.Transport;

/// <summary>A call or reply message that this node cannot read: a malformed body, an unknown interface or method
/// (nodes of different builds), or arguments that do not fit the method.</summary>
public sealed class CallFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CallFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public CallFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
