namespace OrleansTicks.Runtime.Catalog;

/// <summary>Where an activation is in its life.</summary>
internal enum ActivationState
{
    /// <summary>Made, nothing run yet: the first work item starts activation.</summary>
    Created,

    /// <summary>Constructing the grain, reading its state, running OnActivateAsync; work items queue.</summary>
    Activating,

    /// <summary>Serving work items.</summary>
    Valid,

    /// <summary>Running OnDeactivateAsync and writing state; work items queue and are re-routed to the next
    /// activation afterwards.</summary>
    Deactivating,

    /// <summary>Gone from the catalog; a work item offered now is refused and routed afresh.</summary>
    Invalid,
}

/// <summary>Why an activation is deactivated (the Orleans <c>DeactivationReason</c>).</summary>
/// <param name="Code">The kind of reason.</param>
/// <param name="Description">Words for logs.</param>
public readonly record struct DeactivationReason(DeactivationReasonCode Code, string Description)
{
    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Description}";
}

/// <summary>The kinds of <see cref="DeactivationReason"/>.</summary>
public enum DeactivationReasonCode
{
    /// <summary>Unused for longer than the collection age.</summary>
    ActivationIdle,

    /// <summary>The grain called <c>DeactivateOnIdle()</c>.</summary>
    ApplicationRequested,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,

    /// <summary>A write found a stale ETag; the next activation re-reads the state.</summary>
    StateConflict,

    /// <summary>The grain's partition moved to another silo (cluster mode): this activation writes its state and goes.</summary>
    PartitionMoved,
}
