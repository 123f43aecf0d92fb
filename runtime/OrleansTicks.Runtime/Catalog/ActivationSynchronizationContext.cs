namespace OrleansTicks.Runtime.Catalog;

/// <summary>The synchronization context grain code runs under. An <c>await</c> in grain code captures it, so
/// the continuation is posted back to the activation and runs as part of the same turn, never concurrently
/// with another turn of that grain (this is why grain code must not use <c>ConfigureAwait(false)</c>).</summary>
internal sealed class ActivationSynchronizationContext(ActivationData activation) : SynchronizationContext
{
    public ActivationData Activation { get; } = activation;

    public override void Post(SendOrPostCallback d, object? state) => Activation.PostContinuation(d, state);

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send on a grain's context would deadlock its turn; await instead.");

    public override SynchronizationContext CreateCopy() => this;
}
