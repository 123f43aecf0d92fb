namespace OrleansTicks.Runtime.Cluster.Transport;

/// <summary>Turns the type name and message of an exception thrown on another node back into an exception here, so
/// that a caller's <c>catch (ArgumentException)</c> works the same whether the grain ran locally or not.</summary>
internal static class RemoteExceptions
{
    public static Exception Create(string typeName, string message)
    {
        // Only exception types with a (string message) constructor are re-created; anything else (a type this node
        // does not have, one that needs more) arrives as an InvalidOperationException naming the original type.
        var type = Type.GetType(typeName, throwOnError: false)
            ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName, throwOnError: false)).FirstOrDefault(t => t is not null);
        if (type is not null && typeof(Exception).IsAssignableFrom(type) && type.GetConstructor([typeof(string)]) is { } constructor)
        {
            try
            {
                return (Exception)constructor.Invoke([message]);
            }
            catch (System.Reflection.TargetInvocationException)
            {
                // Its constructor refused the message: fall through to the generic form.
            }
        }

        return new InvalidOperationException($"{typeName} on the remote node: {message}");
    }
}
