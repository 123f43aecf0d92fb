using Microsoft.Extensions.Logging;
using OrleansTicks.Runtime.Observers;

namespace OrleansTicks.Runtime.Tests.Grains;

public interface IChatObserver : IGrainObserver
{
    Task ReceiveAsync(int sequence);
}

public interface IChatRoomGrain : IGrainWithStringKey
{
    Task JoinAsync(IChatObserver observer);

    Task PublishAsync(int count);

    Task<int> CountAsync();
}

public sealed class ChatRoomGrain(ILogger<ChatRoomGrain> logger, TimeProvider clock) : Grain, IChatRoomGrain
{
    private readonly ObserverManager<IChatObserver> _observers = new(TimeSpan.FromMinutes(1), logger, clock);

    public Task JoinAsync(IChatObserver observer)
    {
        _observers.Subscribe(observer);
        return Task.CompletedTask;
    }

    public Task PublishAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var sequence = i;
            _observers.Notify(o => o.ReceiveAsync(sequence));
        }

        return Task.CompletedTask;
    }

    public Task<int> CountAsync() => Task.FromResult(_observers.Observers.Count);
}
