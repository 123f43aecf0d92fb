namespace OrleansTicks.Api.Live.Outbox;

/// <summary>Defers the wake-ups of outboxes on this thread until the outermost <see cref="Begin"/> scope ends, so that a
/// connection gets everything a scope delivers to it in one batch: one wake of its loop and one socket write, not one per
/// message. The bridge opens a scope around one symbol notification (a quote and its bars) and around a conflation tick
/// (the pending updates of every symbol, which then leave in one write per connection).</summary>
internal static class DeferredWakes
{
    /// <summary>Something a scope can wake: an outbox's sending loop.</summary>
    public interface IWakeable
    {
        /// <summary>Wakes it (it takes whatever is queued by then).</summary>
        void Wake();

        /// <summary>Sends what is queued on this thread if it can do so at once, else wakes it.</summary>
        void SendNowOrWake();
    }

    [ThreadStatic]
    private static Batch? _batchOfThread;

    /// <summary>Starts (or nests in) this thread's scope; disposing the outermost scope wakes every outbox it deferred,
    /// or with <paramref name="sendNow"/> (the outermost scope's choice) has each idle one send on this thread. A symbol
    /// notification sends now (about 50 connections at most per symbol in the latency goal); a conflation tick, which
    /// reaches every connection of the node, wakes their loops so that the pool spreads the writes over the cores.
    /// The scope must not span an await: it belongs to the thread.</summary>
    public static Scope Begin(bool sendNow = false)
    {
        var batch = _batchOfThread ??= new Batch();
        if (batch.Depth++ == 0)
        {
            batch.SendNow = sendNow;
        }

        return new Scope(batch);
    }

    /// <summary>Records <paramref name="outbox"/> for waking at the end of this thread's scope; false when no scope is
    /// open (the caller wakes it now).</summary>
    public static bool TryDefer(IWakeable outbox)
    {
        if (_batchOfThread is not { Depth: > 0 } batch)
        {
            return false;
        }

        batch.Deferred.Add(outbox);
        return true;
    }

    /// <summary>One thread's deferred outboxes (kept for reuse, so a scope allocates nothing once warm).</summary>
    internal sealed class Batch
    {
        public int Depth;
        public bool SendNow;
        public HashSet<IWakeable> Deferred = new(ReferenceEqualityComparer.Instance);
        public HashSet<IWakeable>? Spare = new(ReferenceEqualityComparer.Instance);
    }

    /// <summary>Ends one <see cref="Begin"/>.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly Batch _batch;

        internal Scope(Batch batch) => _batch = batch;

        public void Dispose()
        {
            if (--_batch.Depth > 0)
            {
                return;
            }

            // Swapped out first, with the choice: a send on this thread must not find the set it is iterating (a scope it
            // opens gets another).
            var deferred = _batch.Deferred;
            var sendNow = _batch.SendNow;
            _batch.Deferred = _batch.Spare ?? new HashSet<IWakeable>(ReferenceEqualityComparer.Instance);
            _batch.Spare = null;
            foreach (var outbox in deferred)
            {
                if (sendNow)
                {
                    outbox.SendNowOrWake();
                }
                else
                {
                    outbox.Wake();
                }
            }

            deferred.Clear();
            _batch.Spare = deferred;
        }
    }
}
