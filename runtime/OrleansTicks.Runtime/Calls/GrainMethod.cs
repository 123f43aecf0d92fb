using System.Linq.Expressions;
using System.Reflection;
using OrleansTicks.Runtime.Catalog;

namespace OrleansTicks.Runtime.Calls;

/// <summary>One method of a grain or observer interface: how a call through a reference becomes a work item,
/// and how a turn invokes the method on the grain instance. Built once per method with compiled expressions,
/// so a call costs a delegate invocation, not reflection.</summary>
internal abstract class GrainMethod
{
    protected GrainMethod(MethodInfo method, ReturnKind returnKind)
    {
        Method = method;
        ReturnKind = returnKind;
        Name = $"{method.DeclaringType!.Name}.{method.Name}";
        var parameters = method.GetParameters();
        CancellationTokenIndex = Array.FindIndex(parameters, p => p.ParameterType == typeof(CancellationToken));
        ParameterCount = parameters.Length;
        ParameterTypes = Array.ConvertAll(parameters, p => p.ParameterType);
    }

    /// <summary>The declared types of the parameters, for the wire codec of cluster calls.</summary>
    public IReadOnlyList<Type> ParameterTypes { get; }

    /// <summary>The type of the call's result (<see cref="object"/> for methods without one).</summary>
    public abstract Type ResultType { get; }

    public MethodInfo Method { get; }

    /// <summary><c>Interface.Method</c>, for messages.</summary>
    public string Name { get; }

    public ReturnKind ReturnKind { get; }

    /// <summary>Index of the method's <see cref="CancellationToken"/> parameter, or -1.</summary>
    public int CancellationTokenIndex { get; }

    public int ParameterCount { get; }

    /// <summary>Sends a call of this method through <paramref name="target"/> and returns what the interface
    /// method returns (a task, a value task, or null for a one-way void method).</summary>
    public abstract object? Call(GrainReference target, object?[] arguments);

    /// <summary>Runs a call that arrived over the cluster transport on this silo's own activation of
    /// <paramref name="target"/> (never forwarded again) and returns its result boxed.</summary>
    public abstract Task<object?> DispatchLocallyAsync(GrainReference target, object?[] arguments);

    /// <summary>Completes a call sent to another node with the result its reply carried.</summary>
    public abstract void CompleteRemote(IWorkItem call, object? result);

    public static GrainMethod Create(MethodInfo method)
    {
        var returnType = method.ReturnType;
        Type resultType;
        ReturnKind kind;
        if (returnType == typeof(Task))
        {
            (kind, resultType) = (ReturnKind.Task, typeof(object));
        }
        else if (returnType == typeof(ValueTask))
        {
            (kind, resultType) = (ReturnKind.ValueTask, typeof(object));
        }
        else if (returnType == typeof(void))
        {
            (kind, resultType) = (ReturnKind.OneWay, typeof(object));
        }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            (kind, resultType) = (ReturnKind.TaskOfT, returnType.GetGenericArguments()[0]);
        }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            (kind, resultType) = (ReturnKind.ValueTaskOfT, returnType.GetGenericArguments()[0]);
        }
        else
        {
            throw new ArgumentException(
                $"{method.DeclaringType!.FullName}.{method.Name} returns {returnType.Name}; grain and observer methods must return Task, Task<T>, ValueTask, ValueTask<T> or (observers, one-way) void.",
                nameof(method));
        }

        if (method.IsGenericMethodDefinition)
        {
            throw new ArgumentException($"{method.DeclaringType!.FullName}.{method.Name} is generic; grain methods cannot be generic.", nameof(method));
        }

        if (method.GetParameters().Any(p => p.ParameterType.IsByRef))
        {
            throw new ArgumentException($"{method.DeclaringType!.FullName}.{method.Name} has a ref/out/in parameter; grain methods take values only.", nameof(method));
        }

        var closed = typeof(GrainMethod<>).MakeGenericType(resultType);
        return (GrainMethod)Activator.CreateInstance(closed, method, kind)!;
    }
}

/// <summary>How a grain method returns.</summary>
internal enum ReturnKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
    OneWay,
}

/// <summary>A grain method whose result is <typeparamref name="T"/> (<see cref="object"/> for methods without
/// a result).</summary>
internal sealed class GrainMethod<T> : GrainMethod
{
    private readonly Func<object, object?[], ValueTask<T>> _invoker;

    public GrainMethod(MethodInfo method, ReturnKind returnKind)
        : base(method, returnKind) => _invoker = CompileInvoker(method, returnKind);

    public override Type ResultType => typeof(T);

    /// <summary>Runs the method on <paramref name="grain"/>; may throw synchronously.</summary>
    public ValueTask<T> Invoke(object grain, object?[] arguments) => _invoker(grain, arguments);

    public override async Task<object?> DispatchLocallyAsync(GrainReference target, object?[] arguments)
    {
        var call = new GrainCall<T>(this, target.GrainId, arguments, target.Runtime);
        target.Runtime.LocalRouter.Send(target, call);
        return await call.Task.ConfigureAwait(false);
    }

    public override void CompleteRemote(IWorkItem call, object? result) => ((GrainCall<T>)call).CompleteRemote(result is null ? default! : (T)result);

    public override object? Call(GrainReference target, object?[] arguments)
    {
        if (arguments.Length != ParameterCount)
        {
            throw new ArgumentException($"{Name} takes {ParameterCount} arguments; {arguments.Length} were given.", nameof(arguments));
        }

        var call = new GrainCall<T>(this, target.GrainId, arguments, target.Runtime);
        target.Send(call);
        return ReturnKind switch
        {
            ReturnKind.TaskOfT or ReturnKind.Task => call.Task,
            ReturnKind.ValueTaskOfT => new ValueTask<T>(call.Task),
            ReturnKind.ValueTask => new ValueTask(call.Task),
            _ => null,
        };
    }

    private static Func<object, object?[], ValueTask<T>> CompileInvoker(MethodInfo method, ReturnKind kind)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var parameters = method.GetParameters();
        var callArguments = new Expression[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            // A null argument for a value-type parameter becomes its default rather than a NullReferenceException.
            var element = Expression.ArrayIndex(arguments, Expression.Constant(i));
            var type = parameters[i].ParameterType;
            callArguments[i] = type.IsValueType && Nullable.GetUnderlyingType(type) is null
                ? Expression.Condition(Expression.Equal(element, Expression.Constant(null)), Expression.Default(type), Expression.Convert(element, type))
                : Expression.Convert(element, type);
        }

        Expression body = Expression.Call(Expression.Convert(grain, method.DeclaringType!), method, callArguments);
        body = kind switch
        {
            ReturnKind.TaskOfT => Expression.New(typeof(ValueTask<T>).GetConstructor([typeof(Task<T>)])!, body),
            ReturnKind.ValueTaskOfT => body,
            ReturnKind.Task => Expression.Call(typeof(GrainMethod<T>).GetMethod(nameof(FromTask), BindingFlags.NonPublic | BindingFlags.Static)!, body),
            ReturnKind.ValueTask => Expression.Call(typeof(GrainMethod<T>).GetMethod(nameof(FromValueTask), BindingFlags.NonPublic | BindingFlags.Static)!, body),
            _ => Expression.Block(body, Expression.Default(typeof(ValueTask<T>))),
        };
        return Expression.Lambda<Func<object, object?[], ValueTask<T>>>(body, grain, arguments).Compile();
    }

    private static ValueTask<T> FromTask(Task task) =>
        task.IsCompletedSuccessfully ? default : new ValueTask<T>(AwaitAsync(task));

    private static ValueTask<T> FromValueTask(ValueTask task) =>
        task.IsCompletedSuccessfully ? default : new ValueTask<T>(AwaitAsync(task.AsTask()));

    private static async Task<T> AwaitAsync(Task task)
    {
        await task.ConfigureAwait(false);
        return default!;
    }
}
