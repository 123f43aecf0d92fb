using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.GrainInterfaces.Market;
using OrleansTicks.Runtime.Calls;
using OrleansTicks.Runtime.Catalog;
using OrleansTicks.Runtime.Cluster.Transport;

namespace OrleansTicks.Grains.Tests.Market;

/// <summary>A symbol grain's notification crosses nodes in cluster mode as a call in the transport's JSON: it must read
/// back whole, its list of bars included.</summary>
public sealed class SymbolUpdateCodecTests
{
    private static readonly DateTime Minute = new(2026, 11, 20, 14, 30, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_symbol_update_reads_back_with_its_quote_and_bars_in_order()
    {
        var closed = Bar.FromTrade(new Trade("AAPL", 1, 190.25m, 3m, Minute.AddSeconds(59)), Minute);
        var partial = Bar.FromTrade(new Trade("AAPL", 2, 190.5m, 0.001m, Minute.AddMinutes(1)), Minute.AddMinutes(1));
        var update = new SymbolUpdate("AAPL", Quote(sequence: 8), [new BarUpdate("AAPL", closed, true, 0, 7), new BarUpdate("AAPL", partial, false, 0, 9)]);

        var back = await RoundTripAsync(update);

        Assert.Equal((update.Symbol, update.Quote), (back.Symbol, back.Quote));
        Assert.Equal(update.Bars, back.Bars);
    }

    [Fact]
    public async Task A_symbol_update_without_a_quote_reads_back_without_one()
    {
        var revised = new BarUpdate("AAPL", Bar.FromTrade(new Trade("AAPL", 1, 190m, 1m, Minute), Minute), true, 2, 12);

        var back = await RoundTripAsync(new SymbolUpdate("AAPL", null, [revised]));

        Assert.Null(back.Quote);
        Assert.Equal([revised], back.Bars);
    }

    /// <summary>Encodes <paramref name="update"/> as the call an observer reference makes and decodes it.</summary>
    private static async Task<SymbolUpdate> RoundTripAsync(SymbolUpdate update)
    {
        await using var silo = await MarketSilo.StartAsync();
        var codec = new CallCodec(silo.Services.GetRequiredService<SiloRuntime>());
        var target = ((GrainProxy)(object)silo.Grains.CreateObjectReference<ISymbolObserver>(new RecordingObserver())).Reference;
        var method = target.Interface.Methods[typeof(ISymbolObserver).GetMethod(nameof(ISymbolObserver.OnUpdate))!];

        var decoded = codec.DecodeRequest(codec.EncodeRequest(target, method, [update]));

        Assert.Same(method, decoded.Method);
        return Assert.IsType<SymbolUpdate>(decoded.Arguments[0]);
    }

    private static Quote Quote(long sequence) => new()
    {
        Symbol = "AAPL", Price = 190.5m, Size = 0.001m, Time = Minute.AddMinutes(1), TradeId = 2, Sequence = sequence,
        Open = 189m, High = 191m, Low = 188.75m, Volume = 1234.5m, Trades = 42, Vwap = 190.1234m, PreviousClose = 187m, Subscribers = 3,
    };
}
