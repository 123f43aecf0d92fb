namespace OrleansTicks.Runtime.Streams;

/// <summary>A checkpoint participant cannot write now, and that is expected: e.g. its own previous write is still
/// under way and it applied more since, which that write does not hold. The deliveries stay unacknowledged and the
/// next checkpoint round tries again; the silo logs this at Debug, not as a failure.</summary>
public sealed class CheckpointDeferredException(string message) : Exception(message);
