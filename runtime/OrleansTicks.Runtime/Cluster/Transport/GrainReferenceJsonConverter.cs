using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansTicks.Runtime.Calls;
using OrleansTicks.Runtime.Catalog;

namespace OrleansTicks.Runtime.Cluster.Transport;

/// <summary>Writes a grain or observer reference as the id it addresses, <c>{"t":grain type,"k":key}</c>, and reads it
/// back as a reference of this node (an observer's key names the node it lives on, so calls through it go there).
/// Only references can cross the wire: a local object passed where a reference is expected is an error, as in
/// Orleans, where an observer must first be made a reference with <c>CreateObjectReference</c>.</summary>
internal sealed class GrainReferenceJsonConverter(SiloRuntime runtime) : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsInterface && (typeof(IGrainObserver).IsAssignableFrom(typeToConvert) || typeof(IGrainWithStringKey).IsAssignableFrom(typeToConvert));

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(ReferenceConverter<>).MakeGenericType(typeToConvert), runtime)!;

    private sealed class ReferenceConverter<T>(SiloRuntime runtime) : JsonConverter<T>
        where T : class
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            string? type = null;
            string? key = null;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException($"A reference to {typeof(T).Name} is an object {{\"t\",\"k\"}}.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "t": type = reader.GetString(); break;
                    case "k": key = reader.GetString(); break;
                    default: reader.Skip(); break;
                }
            }

            if (string.IsNullOrEmpty(type) || string.IsNullOrEmpty(key))
            {
                throw new JsonException($"A reference to {typeof(T).Name} needs a grain type \"t\" and a key \"k\".");
            }

            var isObserver = typeof(IGrainObserver).IsAssignableFrom(typeof(T));
            if (isObserver != (type == GrainFactory.ObserverGrainType))
            {
                throw new JsonException($"A reference of grain type '{type}' cannot stand for {typeof(T).Name}.");
            }

            var info = isObserver ? runtime.Manifest.GetObserverInterface(typeof(T)) : runtime.Manifest.GetGrainInterface(typeof(T));
            return (T)GrainProxy.Create(typeof(T), new GrainReference(new GrainId(type, key), info, runtime));
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            if (value is not GrainProxy proxy)
            {
                throw new ArgumentException(
                    $"A {value.GetType().Name} was passed where a reference to {typeof(T).Name} goes: across nodes only references travel (make one with IGrainFactory.CreateObjectReference).");
            }

            writer.WriteStartObject();
            writer.WriteString("t", proxy.GrainId.Type);
            writer.WriteString("k", proxy.GrainId.Key);
            writer.WriteEndObject();
        }
    }
}
