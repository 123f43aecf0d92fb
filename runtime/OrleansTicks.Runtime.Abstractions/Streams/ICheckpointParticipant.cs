namespace OrleansTicks.Runtime.Streams;

/// <summary>A grain whose state must be written before the cluster acknowledges the messages it consumed (cluster
/// mode; in one process nothing calls it). The silo owning the grain's partition calls <see cref="CheckpointAsync"/>
/// as a turn of the grain, queued behind every message delivered before, and acknowledges those messages only once it
/// has completed: whatever the grain wrote then is what a successor reads after a crash, and the unacknowledged rest
/// is delivered again — so the grain must recognise items it has already applied (by id) and skip them.</summary>
public interface ICheckpointParticipant
{
    /// <summary>Writes the state the items applied so far produced. Throwing (or not completing) keeps the messages
    /// unacknowledged: the next checkpoint tries again.</summary>
    Task CheckpointAsync(CancellationToken cancellationToken);
}
