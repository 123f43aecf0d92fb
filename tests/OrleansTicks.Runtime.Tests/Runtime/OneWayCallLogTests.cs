using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansTicks.Runtime.Tests.Infrastructure;

namespace OrleansTicks.Runtime.Tests.Runtime;

/// <summary>How a failed one-way call is logged: a call to an observer that has gone is expected (a grain keeps the
/// subscription until it expires) and only a Debug entry; any other failure is an Error.</summary>
public sealed class OneWayCallLogTests
{
    private const int OneWayCallFailed = 1060;
    private const int OneWayCallToGoneObserverDropped = 1061;

    public interface IPingObserver : IGrainObserver
    {
        void Ping(int number);
    }

    [Fact]
    public async Task A_one_way_call_to_a_deleted_observer_is_logged_at_debug_as_dropped()
    {
        var log = new ListLoggerFactory();
        await using var silo = await StartAsync(log);
        var reference = silo.Grains.CreateObjectReference<IPingObserver>(new PingObserver(fail: false));
        silo.Grains.DeleteObjectReference(reference);
        await Wait.UntilAsync(() => !silo.Runtime.Catalog.TryGet(reference.GetGrainId(), out _), "the observer to be deleted");

        reference.Ping(1);

        var entry = Assert.Single(log.Logger.Entries, e => e.Id.Id is OneWayCallFailed or OneWayCallToGoneObserverDropped);
        Assert.Equal((OneWayCallToGoneObserverDropped, LogLevel.Debug), (entry.Id.Id, entry.Level));
        Assert.Contains("subscription expires", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_one_way_call_that_throws_is_logged_as_an_error()
    {
        var log = new ListLoggerFactory();
        await using var silo = await StartAsync(log);
        var reference = silo.Grains.CreateObjectReference<IPingObserver>(new PingObserver(fail: true));

        reference.Ping(2);

        await Wait.UntilAsync(() => log.Logger.Entries.Any(e => e.Id.Id == OneWayCallFailed), "the failure to be logged");
        var entry = Assert.Single(log.Logger.Entries, e => e.Id.Id is OneWayCallFailed or OneWayCallToGoneObserverDropped);
        Assert.Equal(LogLevel.Error, entry.Level);
    }

    // Every entry of every category and level, Debug included.
    private static Task<TestSilo> StartAsync(ListLoggerFactory log) =>
        TestSilo.StartAsync(services: services => services.AddSingleton<ILoggerFactory>(log));

    private sealed class PingObserver(bool fail) : IPingObserver
    {
        public void Ping(int number)
        {
            if (fail)
            {
                throw new InvalidOperationException($"ping {number} refused");
            }
        }
    }
}
