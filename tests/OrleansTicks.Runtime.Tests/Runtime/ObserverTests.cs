using Microsoft.Extensions.Logging.Abstractions;
using OrleansTicks.Runtime.Observers;
using OrleansTicks.Runtime.Tests.Grains;
using OrleansTicks.Runtime.Tests.Infrastructure;

namespace OrleansTicks.Runtime.Tests.Runtime;

public sealed class ObserverTests
{
    private sealed class RecordingObserver : IChatObserver
    {
        private int _inside;

        public List<int> Received { get; } = [];

        public int Overlaps { get; private set; }

        public async Task ReceiveAsync(int sequence)
        {
            if (Interlocked.Increment(ref _inside) != 1)
            {
                Overlaps++;
            }

            await Task.Yield();
            lock (Received)
            {
                Received.Add(sequence);
            }

            Interlocked.Decrement(ref _inside);
        }
    }

    [Fact]
    public async Task Observer_receives_notifications_in_order_one_at_a_time()
    {
        await using var silo = await TestSilo.StartAsync();
        var observer = new RecordingObserver();
        var reference = silo.Grains.CreateObjectReference<IChatObserver>(observer);
        var room = silo.Grains.GetGrain<IChatRoomGrain>("ordered");
        await room.JoinAsync(reference);

        await room.PublishAsync(500);
        await Wait.UntilAsync(() => { lock (observer.Received) { return observer.Received.Count == 500; } }, "500 notifications");

        Assert.Equal(Enumerable.Range(0, 500), observer.Received);
        Assert.Equal(0, observer.Overlaps);
    }

    [Fact]
    public async Task Expired_observers_are_dropped_and_renewed_ones_kept()
    {
        var clock = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(clock: clock);
        var manager = new ObserverManager<IChatObserver>(TimeSpan.FromMinutes(1), NullLogger.Instance, clock);
        var (renewed, lapsed) = (new RecordingObserver(), new RecordingObserver());
        var renewedRef = silo.Grains.CreateObjectReference<IChatObserver>(renewed);
        var lapsedRef = silo.Grains.CreateObjectReference<IChatObserver>(lapsed);
        manager.Subscribe(renewedRef);
        manager.Subscribe(lapsedRef);

        clock.Advance(TimeSpan.FromSeconds(45));
        manager.Subscribe(renewedRef);
        clock.Advance(TimeSpan.FromSeconds(45)); // lapsed: 90 s old; renewed: 45 s
        manager.Notify(o => o.ReceiveAsync(7));

        await Wait.UntilAsync(() => renewed.Received.Count == 1, "the renewed observer's notification");
        Assert.Equal(1, manager.Count);
        Assert.Empty(lapsed.Received);
    }

    [Fact]
    public async Task Deleted_observer_reference_is_dropped_at_the_next_notification()
    {
        await using var silo = await TestSilo.StartAsync();
        var room = silo.Grains.GetGrain<IChatRoomGrain>("deleted");
        var (kept, deleted) = (new RecordingObserver(), new RecordingObserver());
        var keptRef = silo.Grains.CreateObjectReference<IChatObserver>(kept);
        var deletedRef = silo.Grains.CreateObjectReference<IChatObserver>(deleted);
        await room.JoinAsync(keptRef);
        await room.JoinAsync(deletedRef);

        silo.Grains.DeleteObjectReference(deletedRef);
        await Wait.UntilAsync(() => !silo.Runtime.Catalog.TryGet(deletedRef.GetGrainId(), out _), "the observer to be deleted");
        await room.PublishAsync(1);

        Assert.Equal(1, await room.CountAsync());
        await Assert.ThrowsAsync<ObserverNotAvailableException>(() => deletedRef.ReceiveAsync(1));
    }
}
