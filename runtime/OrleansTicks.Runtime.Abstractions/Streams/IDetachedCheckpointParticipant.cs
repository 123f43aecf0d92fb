namespace OrleansTicks.Runtime.Streams;

/// <summary>A checkpoint participant (see <see cref="ICheckpointParticipant"/>) whose write does not hold the grain's
/// turn: <see cref="BeginCheckpoint"/> runs in a turn queued behind every message delivered before, hands the state
/// those messages produced to a writer outside the grain, and returns the task of that write. The turn ends when the
/// method returns, so the grain goes on taking messages while the write runs; the silo acknowledges the messages once
/// the returned task completes. For grains on the hot path (a symbol grain must not stop applying trades for a
/// database round trip every checkpoint interval).</summary>
public interface IDetachedCheckpointParticipant
{
    /// <summary>Starts writing the state the items applied so far produced, synchronously, without awaiting. The
    /// returned task completes when the write has completed and faults when it failed (the messages then stay
    /// unacknowledged and the next checkpoint tries again); it must not run any code of the grain (it completes outside
    /// the grain's turns).</summary>
    Task BeginCheckpoint();
}
