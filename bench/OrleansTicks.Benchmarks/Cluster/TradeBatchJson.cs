using System.Text.Json.Serialization;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Benchmarks.Cluster;

/// <summary>The message format the harness measures: a batch of trades as a JSON array (the Trade record's own wire
/// names: s, id, p, v, t), source generated.</summary>
[JsonSerializable(typeof(Trade[]))]
internal sealed partial class TradeBatchJson : JsonSerializerContext;
