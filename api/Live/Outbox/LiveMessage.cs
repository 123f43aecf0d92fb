using OrleansTicks.Api.Contracts;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.GrainInterfaces.Regeneration;

namespace OrleansTicks.Api.Live.Outbox;

/// <summary>What a live message carries.</summary>
internal enum LiveMessageKind
{
    /// <summary>A <see cref="GrainInterfaces.Market.Quote"/>: the hub's <c>quote</c> message.</summary>
    Quote,

    /// <summary>A <see cref="BarMessage"/>: the hub's <c>bar</c> message.</summary>
    Bar,

    /// <summary>A <see cref="RegenerationJob"/>: the hub's <c>regenerationCompleted</c> message.</summary>
    RegenerationCompleted,

    /// <summary>A message already serialized for one connection (the <c>/ws</c> endpoint's pings and errors).</summary>
    Raw,
}

/// <summary>One message on its way to live clients. Immutable: the same instance goes to every watcher of a symbol.</summary>
internal sealed class LiveMessage
{
    private LiveMessage(LiveMessageKind kind, string? symbol, long sequence, object payload)
    {
        Kind = kind;
        Symbol = symbol;
        Sequence = sequence;
        Payload = payload;
    }

    /// <summary>What it carries.</summary>
    public LiveMessageKind Kind { get; }

    /// <summary>The symbol of a quote or bar; null otherwise.</summary>
    public string? Symbol { get; }

    /// <summary>The symbol's update sequence number of a quote or bar; 0 otherwise.</summary>
    public long Sequence { get; }

    /// <summary>The <see cref="GrainInterfaces.Market.Quote"/>, <see cref="BarMessage"/>, <see cref="RegenerationJob"/> or byte[].</summary>
    public object Payload { get; }

    /// <summary>The message framed for the first wire format that sent it (see <see cref="CachedFrame"/>); null until then.</summary>
    public CachedFrame? Frame { get; set; }

    /// <summary>The notification this message came in, when the symbol watch forwards it with the others of that
    /// notification (set once, before the message reaches any client); null otherwise.</summary>
    public LiveNotification? Notification { get; set; }

    /// <summary>A quote that reports the same last trade as the symbol's quote before it (it changed for another
    /// reason, e.g. the subscriber count). Set once by the symbol watch before the message reaches any client.</summary>
    public bool RepeatsTrade { get; set; }

    /// <summary>A quote or a partial (not yet closed) bar: a later one of the same symbol supersedes it.</summary>
    public bool IsConflatable => Kind == LiveMessageKind.Quote || (Kind == LiveMessageKind.Bar && !((BarMessage)Payload).Final);

    public static LiveMessage ForQuote(Quote quote) => new(LiveMessageKind.Quote, quote.Symbol, quote.Sequence, quote);

    public static LiveMessage ForBar(BarUpdate update) => ForBar(BarMessage.From(update));

    public static LiveMessage ForBar(BarMessage message) => new(LiveMessageKind.Bar, message.Symbol, message.Sequence, message);

    public static LiveMessage ForRegeneration(RegenerationStatus status) =>
        new(LiveMessageKind.RegenerationCompleted, null, 0, RegenerationJob.Of(status)); // the shape REST answers too

    public static LiveMessage ForRaw(byte[] utf8Json) => new(LiveMessageKind.Raw, null, 0, utf8Json);
}
