namespace OrleansTicks.Runtime.Storage;

/// <summary>The identity of a stored record. Compared ordinally: keys that differ only by case or by Unicode
/// normalization are different records, as in the SQL providers.</summary>
internal readonly record struct GrainStorageKey(string GrainType, string GrainKey, string StateName);
