using OrleansTicks.Runtime;

namespace OrleansTicks.GrainInterfaces.Market;

/// <summary>Receives a symbol's live updates. The front end's observer bridge implements it and forwards to the
/// clients that watch the symbol; it must re-subscribe periodically, since symbol grains forget observers that
/// have not renewed within their expiry.</summary>
public interface ISymbolObserver : IGrainObserver
{
    /// <summary>The quote changed. Called once per delivered batch of trades, with the quote after the batch.</summary>
    Task OnQuoteAsync(Quote quote);

    /// <summary>A bar changed: the partial bar after a batch, a bar that has just closed, or a closed bar revised
    /// by late trades.</summary>
    Task OnBarAsync(BarUpdate update);
}
