namespace OrleansTicks.Grains.Feeds.Live;

public sealed partial class LiveFeedRunner
{
    private const int LoggedSymbols = 20;

    /// <summary>The fault that ended the current connection's demand loop, if any.</summary>
    private Exception? DemandFault { get; set; }

    /// <summary>Keeps the upstream subscriptions of one connection equal to <see cref="Demand.IFeedDemand.Current"/>: all of it
    /// right after connecting, then the difference after every change. A failed send ends the connection (the
    /// reconnect subscribes afresh).</summary>
    private async Task RunDemandAsync(ILiveFeedChannel channel, CancellationTokenSource connection)
    {
        DemandFault = null;
        var token = connection.Token;
        try
        {
            while (true)
            {
                var wanted = _demand.Current;
                List<string>? add = null;
                List<string>? remove = null;
                lock (_lock)
                {
                    foreach (var symbol in wanted.Symbols)
                    {
                        if (!_subscribed.Contains(symbol))
                        {
                            (add ??= []).Add(symbol);
                        }
                    }

                    foreach (var symbol in _subscribed)
                    {
                        if (!wanted.Symbols.Contains(symbol))
                        {
                            (remove ??= []).Add(symbol);
                        }
                    }
                }

                if (remove is not null)
                {
                    await ChangeAsync(channel, remove, subscribe: false, token).ConfigureAwait(false);
                }

                if (add is not null)
                {
                    await ChangeAsync(channel, add, subscribe: true, token).ConfigureAwait(false);
                }

                await _demand.WaitForChangeAsync(wanted.Version, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The connection ended.
        }
        catch (Exception exception)
        {
            DemandFault = exception;
            await connection.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task ChangeAsync(ILiveFeedChannel channel, List<string> symbols, bool subscribe, CancellationToken cancellationToken)
    {
        symbols.Sort(StringComparer.Ordinal);
        await _protocol.SendSubscriptionAsync(channel, symbols, subscribe, cancellationToken).ConfigureAwait(false);
        int total;
        lock (_lock)
        {
            if (subscribe)
            {
                _subscribed.UnionWith(symbols);
            }
            else
            {
                _subscribed.ExceptWith(symbols);
            }

            total = _subscribedCount = _subscribed.Count;
        }

        var shown = string.Join(", ", symbols.Take(LoggedSymbols)) + (symbols.Count > LoggedSymbols ? ", …" : string.Empty);
        if (subscribe)
        {
            LiveFeedLog.Subscribed(_logger, _protocol.Kind, symbols.Count, shown, total);
        }
        else
        {
            LiveFeedLog.Unsubscribed(_logger, _protocol.Kind, symbols.Count, shown, total);
        }
    }
}
