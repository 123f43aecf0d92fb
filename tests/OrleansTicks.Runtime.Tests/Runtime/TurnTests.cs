using OrleansTicks.Runtime.Tests.Grains;
using OrleansTicks.Runtime.Tests.Infrastructure;

namespace OrleansTicks.Runtime.Tests.Runtime;

public sealed class TurnTests
{
    [Fact]
    public async Task Calls_from_32_concurrent_callers_never_overlap()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("turns");

        var callers = Enumerable.Range(0, 32).Select(async _ =>
        {
            var seen = new List<int>();
            for (var i = 0; i < 25; i++)
            {
                seen.Add(await grain.EnterAsync());
            }

            return seen;
        });
        var results = await Task.WhenAll(callers).Within();

        Assert.All(results.SelectMany(r => r), inside => Assert.Equal(1, inside));
        Assert.Equal(0, await grain.GetViolationsAsync());
    }

    [Fact]
    public async Task Awaits_in_grain_code_resume_on_the_grain_turn()
    {
        await using var silo = await TestSilo.StartAsync();

        var stayed = await silo.Grains.GetGrain<ITurnGrain>("caller").ContinuationsStayOnTurnAsync("callee").Within();

        Assert.True(stayed);
    }

    [Fact]
    public async Task Grains_calling_each_other_concurrently_keep_each_grain_single_threaded()
    {
        await using var silo = await TestSilo.StartAsync();
        var callers = Enumerable.Range(0, 8).Select(i => silo.Grains.GetGrain<ITurnGrain>($"caller-{i}").ContinuationsStayOnTurnAsync("shared"));

        Assert.All(await Task.WhenAll(callers).Within(), Assert.True);
        Assert.Equal(0, await silo.Grains.GetGrain<ITurnGrain>("shared").GetViolationsAsync());
    }

    [Fact]
    public async Task Posted_callback_that_throws_is_contained_and_the_grain_keeps_serving()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("posted-throw");

        await grain.PostThrowingCallbackAsync();

        Assert.Equal(1, await grain.EnterAsync().Within());
        Assert.Equal(0, await grain.GetViolationsAsync());
    }
}
