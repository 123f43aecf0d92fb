using System.Text.Json.Serialization;
using OrleansTicks.GrainInterfaces.Market;

namespace OrleansTicks.Api.Contracts;

// The messages of the SignalR hub /hubs/ticks (JSON protocol, camelCase). The quote message is the grain's Quote as
// it is (it carries symbol and seq). Every message of a symbol carries that symbol's update sequence number.

/// <summary>The hub's <c>bar</c> message: a bar of a watched symbol changed.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Bar">The bar with every trade applied so far.</param>
/// <param name="Final">False while it is the symbol's current (partial) 1-minute bar, true once closed.</param>
/// <param name="Revision">0 when first closed; +1 each time late trades change it.</param>
/// <param name="Sequence">The symbol's update sequence number of this update.</param>
public sealed record BarMessage(
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("bar")] ApiBar Bar,
    [property: JsonPropertyName("final")] bool Final,
    [property: JsonPropertyName("revision")] int Revision,
    [property: JsonPropertyName("seq")] long Sequence)
{
    /// <summary>The message for a grain's bar update.</summary>
    public static BarMessage From(BarUpdate update) =>
        new(update.Symbol, ApiBar.From(update.Bar), update.IsFinal, update.Revision, update.Sequence);
}

/// <summary>The answer to the hub's <c>Subscribe(symbols)</c>.</summary>
/// <param name="Accepted">The symbols now watched, each with its snapshot.</param>
/// <param name="Rejected">The symbols refused, each with a reason.</param>
public sealed record SubscribeResult(
    [property: JsonPropertyName("accepted")] IReadOnlyList<SubscriptionSnapshot> Accepted,
    [property: JsonPropertyName("rejected")] IReadOnlyList<SubscriptionRejection> Rejected);

/// <summary>A watched symbol's state when the subscription began: live messages follow with higher sequence
/// numbers only, and none in between is missed.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Quote">The last quote; null before the symbol's first trade.</param>
/// <param name="Bar">The current partial 1-minute bar; null when there is none.</param>
/// <param name="Sequence">The number of the last update the snapshot reflects.</param>
public sealed record SubscriptionSnapshot(
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("quote")] Quote? Quote,
    [property: JsonPropertyName("bar")] ApiBar? Bar,
    [property: JsonPropertyName("seq")] long Sequence);

/// <summary>A symbol the hub did not subscribe.</summary>
/// <param name="Symbol">The symbol as the client sent it.</param>
/// <param name="Code">One of <see cref="SubscriptionRejection.UnknownSymbol"/>, <see cref="SubscriptionRejection.InvalidSymbol"/>,
/// <see cref="SubscriptionRejection.LimitExceeded"/>.</param>
/// <param name="Message">What was wrong and what is valid.</param>
public sealed record SubscriptionRejection(
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message)
{
    /// <summary>A well-formed symbol the directory does not know.</summary>
    public const string UnknownSymbol = "unknown_symbol";

    /// <summary>Not a symbol at all (empty, too long, characters outside A–Z 0–9 . - ^ = / $).</summary>
    public const string InvalidSymbol = "invalid_symbol";

    /// <summary>The connection already watches as many symbols as <c>Hub:MaxSymbolsPerConnection</c> allows.</summary>
    public const string LimitExceeded = "limit_exceeded";
}
