using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Grains.Market;
using OrleansTicks.Grains.Symbols;
using OrleansTicks.Runtime.Streams;

namespace OrleansTicks.Grains.Feeds;

/// <summary>The sink every connector writes to: checks each trade, counts and logs (rate-limited) the ones that make
/// no sense, groups the rest by symbol and sends each symbol's trades to its stream as one batch. One hash lookup per
/// trade on the hot path; the per-symbol buffers are reused, so publishing allocates nothing per trade.</summary>
public sealed partial class TradeIngestor(
    SymbolDirectory symbols,
    [FromKeyedServices(TradeIngestor.StreamProviderName)] IStreamProvider streams,
    IOptions<FeedOptions> options,
    TimeProvider clock,
    ILogger<TradeIngestor> logger) : ITradeSink
{
    /// <summary>The stream provider trades travel on.</summary>
    public const string StreamProviderName = "default";

    // Unknown symbols are remembered (as outboxes without a stream) up to this many, so that a flood of garbage names
    // costs a lookup, not a directory search, and cannot grow memory without bound.
    private const int MaxRememberedUnknown = 10_000;
    private static readonly DateTime Earliest = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, SymbolOutbox> _outboxes = new(StringComparer.Ordinal);
    private readonly List<SymbolOutbox> _touched = [];
    private readonly SemaphoreSlim _oneBatchAtATime = new(1, 1);
    private readonly long[] _rejected = new long[Enum.GetValues<TradeRejection>().Length];
    private readonly LogRateLimiter[] _rejectionLogs = [.. Enum.GetValues<TradeRejection>().Select(_ => new LogRateLimiter(clock, LogEvery))];
    private readonly TimeSpan _maxClockSkew = options.Value.MaxClockSkew;
    private int _unknownRemembered;
    private long _published;
    private long _lastTradeTicks;

    /// <summary>Trades passed on since start.</summary>
    public long Published => Volatile.Read(ref _published);

    /// <summary>Trades refused since start, by reason.</summary>
    public IReadOnlyDictionary<string, long> Rejected =>
        Enum.GetValues<TradeRejection>().ToDictionary(r => r.ToString(), r => Volatile.Read(ref _rejected[(int)r]));

    /// <summary>Trades refused since start for <paramref name="reason"/>.</summary>
    public long RejectedCount(TradeRejection reason) => Volatile.Read(ref _rejected[(int)reason]);

    /// <summary>When the last trade was passed on.</summary>
    public DateTime? LastTradeAt => Volatile.Read(ref _lastTradeTicks) is var ticks and > 0 ? new DateTime(ticks, DateTimeKind.Utc) : null;

    public async ValueTask PublishAsync(ReadOnlyMemory<Trade> trades, CancellationToken cancellationToken = default)
    {
        // Connectors publish from one loop; the gate keeps a second caller from interleaving with the buffers.
        await _oneBatchAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Sort(trades.Span);
            foreach (var outbox in _touched)
            {
                await outbox.Stream!.OnNextBatchAsync(outbox.Pending, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var outbox in _touched)
            {
                outbox.Clear();
            }

            _touched.Clear();
            _oneBatchAtATime.Release();
        }
    }

    private void Sort(ReadOnlySpan<Trade> trades)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var latestAllowed = now + _maxClockSkew;
        var accepted = 0;
        foreach (ref readonly var trade in trades)
        {
            if (trade.Price <= 0)
            {
                Reject(TradeRejection.BadPrice, trade);
            }
            else if (trade.Size < 0)
            {
                Reject(TradeRejection.BadSize, trade);
            }
            else if (trade.Time.Kind != DateTimeKind.Utc || trade.Time < Earliest || trade.Time > latestAllowed)
            {
                Reject(TradeRejection.BadTime, trade);
            }
            else if (OutboxOf(trade.Symbol) is not { } outbox)
            {
                Reject(TradeRejection.UnknownSymbol, trade);
            }
            else
            {
                if (outbox.Add(trade))
                {
                    _touched.Add(outbox);
                }

                accepted++;
            }
        }

        if (accepted > 0)
        {
            Interlocked.Add(ref _published, accepted);
            Volatile.Write(ref _lastTradeTicks, now.Ticks);
        }
    }

    private SymbolOutbox? OutboxOf(string? symbol)
    {
        if (symbol is null)
        {
            return null;
        }

        if (_outboxes.TryGetValue(symbol, out var outbox))
        {
            return outbox.Stream is null ? null : outbox;
        }

        if (symbols.Contains(symbol))
        {
            outbox = new SymbolOutbox(streams.GetStream<Trade>(TradeStreams.For(symbol)));
        }
        else if (_unknownRemembered < MaxRememberedUnknown)
        {
            _unknownRemembered++;
            outbox = new SymbolOutbox(null);
        }
        else
        {
            return null;
        }

        _outboxes[symbol] = outbox;
        return outbox.Stream is null ? null : outbox;
    }

    private void Reject(TradeRejection reason, in Trade trade)
    {
        var index = (int)reason;
        Interlocked.Increment(ref _rejected[index]);
        if (_rejectionLogs[index].ShouldLog(out var suppressed))
        {
            LogRejected(reason, trade.Symbol, trade.TradeId, trade.Price, trade.Size, trade.Time, suppressed);
        }
    }

    [LoggerMessage(EventId = 4200, Level = LogLevel.Warning,
        Message = "Trade rejected ({Reason}): symbol {Symbol}, id {TradeId}, price {Price}, size {Size}, time {Time:O}; {Suppressed} more rejections of this kind were not logged")]
    private partial void LogRejected(TradeRejection reason, string? symbol, long tradeId, decimal price, decimal size, DateTime time, long suppressed);

    /// <summary>One symbol's stream and the trades of the current batch for it.</summary>
    private sealed class SymbolOutbox(IAsyncStream<Trade>? stream)
    {
        private Trade[] _buffer = new Trade[16];
        private int _count;

        public IAsyncStream<Trade>? Stream { get; } = stream;

        public ReadOnlyMemory<Trade> Pending => _buffer.AsMemory(0, _count);

        /// <summary>Adds a trade; true when it is the first of the batch.</summary>
        public bool Add(in Trade trade)
        {
            if (_count == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            _buffer[_count++] = trade;
            return _count == 1;
        }

        public void Clear() => _count = 0; // the buffer stays for the next batch
    }
}
