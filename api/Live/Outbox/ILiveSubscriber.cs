namespace OrleansTicks.Api.Live.Outbox;

/// <summary>A client of the observer bridge: one hub connection or one <c>/ws</c> socket.</summary>
internal interface ILiveSubscriber
{
    /// <summary>Queues <paramref name="message"/> for the client. Called under a symbol watch's lock, so it must not
    /// block or call back into the bridge: it only enqueues.</summary>
    void Deliver(LiveMessage message);
}
