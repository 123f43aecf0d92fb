using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using OrleansTicks.Runtime.Calls;
using OrleansTicks.Runtime.Catalog;

namespace OrleansTicks.Runtime.Cluster.Transport;

/// <summary>The wire format of calls between nodes: UTF-8 JSON, one object per message.
/// A request is <c>{"i":interface,"k":key,"m":method,"a":[arguments]}</c> (a grain's type follows from its interface;
/// an observer's key names its node); a reply is <c>{"r":result}</c> or <c>{"e":{"t":exception type,"m":message}}</c>.
/// Arguments and results are written with their declared types, grain and observer references as their ids
/// (<see cref="GrainReferenceJsonConverter"/>). JSON rather than a binary format: calls are the control path (subscribe,
/// snapshot, regenerate), a few per client action; the trade path has its own binary codec.</summary>
internal sealed class CallCodec
{
    private readonly SiloRuntime _runtime;
    private readonly ConcurrentDictionary<string, Type?> _interfaces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, Dictionary<string, GrainMethod>> _methods = new();
    private readonly ConcurrentDictionary<GrainMethod, string> _methodKeys = new();

    public CallCodec(SiloRuntime runtime)
    {
        _runtime = runtime;
        Json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new GrainReferenceJsonConverter(runtime) } };
    }

    public JsonSerializerOptions Json { get; }

    public byte[] EncodeRequest(GrainReference target, GrainMethod method, object?[] arguments)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("i", InterfaceName(target.Interface.InterfaceType));
            writer.WriteString("k", target.GrainId.Key);
            writer.WriteString("m", _methodKeys.GetOrAdd(method, MethodKey));
            writer.WriteStartArray("a");
            for (var i = 0; i < arguments.Length; i++)
            {
                if (i == method.CancellationTokenIndex)
                {
                    writer.WriteNullValue(); // the callee makes its own token, cancelled by its response timeout
                }
                else
                {
                    JsonSerializer.Serialize(writer, arguments[i], method.ParameterTypes[i], Json);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a request; throws <see cref="CallFormatException"/> on anything this node cannot run.</summary>
    public IncomingCall DecodeRequest(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            Expect(ref reader, JsonTokenType.StartObject);
            var interfaceName = ReadString(ref reader, "i");
            var key = ReadString(ref reader, "k");
            var methodKey = ReadString(ref reader, "m");
            var interfaceType = ResolveInterface(interfaceName);
            var isObserver = typeof(IGrainObserver).IsAssignableFrom(interfaceType);
            var info = isObserver ? _runtime.Manifest.GetObserverInterface(interfaceType) : _runtime.Manifest.GetGrainInterface(interfaceType);
            if (!MethodsOf(info).TryGetValue(methodKey, out var method))
            {
                throw new CallFormatException($"{interfaceName} has no method {methodKey}.");
            }

            ReadPropertyName(ref reader, "a");
            Expect(ref reader, JsonTokenType.StartArray);
            var arguments = new object?[method.ParameterCount];
            for (var i = 0; i < arguments.Length; i++)
            {
                reader.Read();
                arguments[i] = i == method.CancellationTokenIndex ? null : JsonSerializer.Deserialize(ref reader, method.ParameterTypes[i], Json);
            }

            Expect(ref reader, JsonTokenType.EndArray);
            var grainId = new GrainId(isObserver ? GrainFactory.ObserverGrainType : info.Class!.GrainType, key);
            return new IncomingCall(new GrainReference(grainId, info, _runtime), method, arguments);
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException)
        {
            throw new CallFormatException($"A call request could not be read: {exception.Message}", exception);
        }
    }

    public byte[] EncodeResult(object? result, Type resultType)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("r");
            JsonSerializer.Serialize(writer, result, resultType, Json);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] EncodeFailure(Exception exception)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("e");
            writer.WriteString("t", exception.GetType().FullName);
            writer.WriteString("m", exception.Message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Completes <paramref name="call"/> (a call of <paramref name="method"/>) with what its reply says.</summary>
    public void ApplyReply(ReadOnlySpan<byte> body, GrainMethod method, IWorkItem call)
    {
        object? result;
        try
        {
            var reader = new Utf8JsonReader(body);
            Expect(ref reader, JsonTokenType.StartObject);
            reader.Read();
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("e"u8))
            {
                Expect(ref reader, JsonTokenType.StartObject);
                var type = ReadString(ref reader, "t");
                var message = ReadString(ref reader, "m");
                call.Fail(RemoteExceptions.Create(type, message));
                return;
            }

            if (reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("r"u8))
            {
                throw new JsonException("a reply has \"r\" or \"e\"");
            }

            reader.Read();
            result = JsonSerializer.Deserialize(ref reader, method.ResultType, Json);
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            call.Fail(new CallFormatException($"The reply to {method.Name} could not be read: {exception.Message}", exception));
            return;
        }

        method.CompleteRemote(call, result);
    }

    /// <summary>The stable name of an interface on the wire: full name and assembly name, without version.</summary>
    public static string InterfaceName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    private Type ResolveInterface(string name)
    {
        var type = _interfaces.GetOrAdd(name, static n =>
        {
            var candidate = Type.GetType(n, throwOnError: false);
            // Only grain and observer interfaces: a request must not make this node load or touch any other type.
            return candidate is { IsInterface: true } && (typeof(IGrain).IsAssignableFrom(candidate) || typeof(IGrainObserver).IsAssignableFrom(candidate))
                ? candidate
                : null;
        });
        return type ?? throw new CallFormatException($"{name} is not a grain or observer interface known to this node.");
    }

    private Dictionary<string, GrainMethod> MethodsOf(GrainInterfaceInfo info) =>
        _methods.GetOrAdd(info.InterfaceType, static (_, methods) => methods.Values.ToDictionary(MethodKey, StringComparer.Ordinal), info.Methods);

    /// <summary>A method's name on the wire: its name and arity, plus its full signature when an overload has the same.</summary>
    private static string MethodKey(GrainMethod method)
    {
        var key = $"{method.Method.Name}/{method.ParameterCount}";
        var overloaded = method.Method.DeclaringType!.GetMethods().Count(m => m.Name == method.Method.Name && m.GetParameters().Length == method.ParameterCount) > 1;
        return overloaded ? $"{key}:{method.Method}" : key;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (!reader.Read() || reader.TokenType != token)
        {
            throw new JsonException($"expected {token} at byte {reader.TokenStartIndex}");
        }
    }

    private static void ReadPropertyName(ref Utf8JsonReader reader, string name)
    {
        Expect(ref reader, JsonTokenType.PropertyName);
        if (!reader.ValueTextEquals(name))
        {
            throw new JsonException($"expected property \"{name}\" at byte {reader.TokenStartIndex}");
        }
    }

    private static string ReadString(ref Utf8JsonReader reader, string name)
    {
        ReadPropertyName(ref reader, name);
        Expect(ref reader, JsonTokenType.String);
        return reader.GetString()!;
    }
}
