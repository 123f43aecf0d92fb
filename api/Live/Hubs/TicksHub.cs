using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using OrleansTicks.Api.Contracts;
using OrleansTicks.Api.Live.Bridge;
using OrleansTicks.Api.Observability;
using OrleansTicks.Grains.Symbols;
using OrleansTicks.Runtime;

namespace OrleansTicks.Api.Live.Hubs;

/// <summary>The SignalR hub <c>/hubs/ticks</c>: Subscribe answers each symbol's snapshot and the live <c>quote</c> and
/// <c>bar</c> messages follow; Unsubscribe; Regenerate. Bad input gets a <see cref="HubException"/> that says what was
/// wrong and what is valid; it never closes the connection. The contract is in docs/LIVE.md. Regeneration is in
/// <c>TicksHub.Regeneration.cs</c>.</summary>
internal sealed partial class TicksHub(
    HubSessions sessions,
    SymbolWatchBridge bridge,
    SymbolDirectory directory,
    IGrainFactory grains,
    TicksHubConnections connections,
    ApiMetrics metrics,
    IOptions<LiveOptions> options,
    ILogger<TicksHub> logger) : Hub
{
    private readonly LiveOptions _options = options.Value;

    public override Task OnConnectedAsync()
    {
        if (!connections.TryGet(Context.ConnectionId, out var connection))
        {
            throw new InvalidOperationException($"Hub connection {Context.ConnectionId} is not registered with {nameof(TicksHubConnections)}.");
        }

        var outbox = new HubOutbox(connection, _options.MaxPendingMessages, _options.MaxQuotesPerSecond > 0, metrics, logger);
        sessions.Add(Context.ConnectionId, new HubSession(outbox, bridge, grains));
        outbox.Start();
        metrics.OnConnected();
        LogConnected(Context.ConnectionId);
        return Task.CompletedTask;
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (sessions.TryRemove(Context.ConnectionId, out var session))
        {
            await session.CloseAsync();
            metrics.OnDisconnected();
            LogDisconnected(Context.ConnectionId, exception?.Message);
        }
    }

    /// <summary>Watches <paramref name="symbols"/> (case-insensitive): each accepted one comes with its snapshot, each
    /// refused one with a code and a message.</summary>
    public async Task<SubscribeResult> Subscribe(JsonElement symbols)
    {
        var session = Session();
        CheckArray(symbols);
        var accepted = new List<SubscriptionSnapshot>();
        var rejected = new List<SubscriptionRejection>();
        var watching = new List<(string Symbol, Task<SubscriptionSnapshot> Snapshot)>();
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in symbols.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                var raw = Shorten(element.GetRawText());
                rejected.Add(new SubscriptionRejection(raw, SubscriptionRejection.InvalidSymbol,
                    $"{raw} is not a symbol: a symbol is a string of {SymbolSyntax.Description}."));
                continue;
            }

            var input = element.GetString();
            var symbol = SymbolSyntax.Normalize(input);
            if (symbol is null)
            {
                rejected.Add(new SubscriptionRejection(input ?? "", SubscriptionRejection.InvalidSymbol,
                    $"'{Shorten(input)}' is not a symbol: {SymbolSyntax.Description}."));
            }
            else if (!named.Add(symbol))
            {
                // Named twice in one call: answered once.
            }
            else if (!directory.Contains(symbol))
            {
                rejected.Add(new SubscriptionRejection(symbol, SubscriptionRejection.UnknownSymbol,
                    $"'{symbol}' is not a known symbol; find symbols with GET /api/symbols?q=."));
            }
            else if (session.Watches(symbol) && bridge.Peek(symbol) is { } again)
            {
                accepted.Add(again);
            }
            else if (session.TryClaim(symbol, _options.MaxSymbolsPerConnection))
            {
                watching.Add((symbol, bridge.WatchAsync(symbol, session.Outbox, Context.ConnectionAborted)));
            }
            else
            {
                rejected.Add(new SubscriptionRejection(symbol, SubscriptionRejection.LimitExceeded,
                    $"this connection already watches {session.Count} symbols, the most Hub:MaxSymbolsPerConnection " +
                    $"({_options.MaxSymbolsPerConnection}) allows; unsubscribe some first."));
            }
        }

        var failed = await CollectAsync(session, watching, accepted);
        if (session.IsClosed)
        {
            accepted.ForEach(snapshot => bridge.Unwatch(snapshot.Symbol, session.Outbox)); // closed meanwhile
        }

        if (failed.Count > 0)
        {
            throw new HubException($"Could not subscribe to {string.Join(", ", failed)}: the symbol service did not answer; " +
                "try again. The other symbols of the call are subscribed.");
        }

        return new SubscribeResult(accepted, rejected);
    }

    /// <summary>Stops watching <paramref name="symbols"/>; answers the ones that were watched and no longer are.</summary>
    public string[] Unsubscribe(JsonElement symbols)
    {
        var session = Session();
        CheckArray(symbols);
        var removed = new List<string>();
        foreach (var element in symbols.EnumerateArray())
        {
            if (element.ValueKind == JsonValueKind.String && SymbolSyntax.Normalize(element.GetString()) is { } symbol && session.Unclaim(symbol))
            {
                bridge.Unwatch(symbol, session.Outbox);
                removed.Add(symbol);
            }
        }

        return [.. removed];
    }

    private async Task<List<string>> CollectAsync(
        HubSession session, List<(string Symbol, Task<SubscriptionSnapshot> Snapshot)> watching, List<SubscriptionSnapshot> accepted)
    {
        var failed = new List<string>();
        foreach (var (symbol, snapshot) in watching)
        {
            try
            {
                accepted.Add(await snapshot);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                session.Unclaim(symbol);
                failed.Add(symbol);
            }
        }

        return failed;
    }

    private HubSession Session() =>
        sessions.TryGet(Context.ConnectionId, out var session) ? session : throw new HubException("The connection is closing.");

    // The symbols arrive as JSON rather than string[]: SignalR's own binding of a string[] fails on 42 or "AAPL" with
    // only "an error on the server", where this says what was sent and what is valid.
    private void CheckArray(JsonElement symbols)
    {
        if (symbols.ValueKind != JsonValueKind.Array)
        {
            throw new HubException($"symbols must be an array of symbol strings, e.g. [\"AAPL\",\"MSFT\"], not {Shorten(symbols.GetRawText())}.");
        }

        if (symbols.GetArrayLength() > _options.MaxSymbolsPerCall)
        {
            throw new HubException($"{symbols.GetArrayLength()} symbols in one call; at most {_options.MaxSymbolsPerCall} " +
                "(Hub:MaxSymbolsPerCall) are allowed.");
        }
    }

    private static string Shorten(string? input) =>
        input is null ? "null" : input.Length <= 40 ? input : string.Concat(input.AsSpan(0, 40), "…");

    [LoggerMessage(EventId = LiveLog.Connected, Level = LogLevel.Debug, Message = "Hub connection {ConnectionId} opened")]
    private partial void LogConnected(string connectionId);

    [LoggerMessage(EventId = LiveLog.Disconnected, Level = LogLevel.Debug, Message = "Hub connection {ConnectionId} closed ({Reason})")]
    private partial void LogDisconnected(string connectionId, string? reason);
}
