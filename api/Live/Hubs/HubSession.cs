using OrleansTicks.Api.Live.Bridge;
using OrleansTicks.GrainInterfaces.Regeneration;
using OrleansTicks.Runtime;

namespace OrleansTicks.Api.Live.Hubs;

/// <summary>One hub connection: its outbox, the symbols it watches and the observer reference of its regenerations.</summary>
internal sealed class HubSession(HubOutbox outbox, SymbolWatchBridge bridge, IGrainFactory grains)
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _symbols = new(StringComparer.Ordinal);
    private IRegenerationObserver? _regenerationObserver;
    private bool _closed;

    /// <summary>Where the connection's messages queue.</summary>
    public HubOutbox Outbox { get; } = outbox;

    /// <summary>Symbols watched now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _symbols.Count;
            }
        }
    }

    /// <summary>Whether the connection watches <paramref name="symbol"/>.</summary>
    public bool Watches(string symbol)
    {
        lock (_lock)
        {
            return _symbols.Contains(symbol);
        }
    }

    /// <summary>Claims a place for <paramref name="symbol"/> if the connection is open, does not watch it yet and has
    /// fewer than <paramref name="limit"/>; false otherwise.</summary>
    public bool TryClaim(string symbol, int limit)
    {
        lock (_lock)
        {
            return !_closed && _symbols.Count < limit && _symbols.Add(symbol);
        }
    }

    /// <summary>Gives back a place (the symbol is no longer watched, or its subscription failed).</summary>
    public bool Unclaim(string symbol)
    {
        lock (_lock)
        {
            return _symbols.Remove(symbol);
        }
    }

    /// <summary>The observer of this connection's regenerations, made on first use.</summary>
    public IRegenerationObserver RegenerationObserver
    {
        get
        {
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_closed, this);
                return _regenerationObserver ??= grains.CreateObjectReference<IRegenerationObserver>(new RegenerationNotifier(Outbox));
            }
        }
    }

    /// <summary>The connection closed: stops its outbox, leaves every watch, drops the regeneration observer.</summary>
    public async Task CloseAsync()
    {
        string[] symbols;
        IRegenerationObserver? observer;
        lock (_lock)
        {
            _closed = true;
            symbols = [.. _symbols];
            _symbols.Clear();
            observer = _regenerationObserver;
            _regenerationObserver = null;
        }

        foreach (var symbol in symbols)
        {
            bridge.Unwatch(symbol, Outbox);
        }

        if (observer is not null)
        {
            grains.DeleteObjectReference(observer);
        }

        await Outbox.CloseAsync().ConfigureAwait(false);
    }

    /// <summary>Whether <see cref="CloseAsync"/> ran: a subscription that completes afterwards must be undone.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_lock)
            {
                return _closed;
            }
        }
    }
}
