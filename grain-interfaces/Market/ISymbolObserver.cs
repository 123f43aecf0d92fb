using OrleansTicks.Runtime;

namespace OrleansTicks.GrainInterfaces.Market;

/// <summary>Receives a symbol's live updates. The front end's observer bridge implements it and forwards to the
/// clients that watch the symbol; it must re-subscribe periodically, since symbol grains forget observers that
/// have not renewed within their expiry.</summary>
public interface ISymbolObserver : IGrainObserver
{
    /// <summary>The updates of one symbol-grain operation: the quote and bars it changed, each numbered. One-way (no
    /// reply, the grain does not wait): one message per operation in cluster mode, and one wake of the observer.
    /// A notification may be lost only if the observer is gone, and then the grain keeps the subscription until it
    /// expires; the bridge detects such a gap by the sequence numbers when it renews.</summary>
    void OnUpdate(SymbolUpdate update);
}
