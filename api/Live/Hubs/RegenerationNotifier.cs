using OrleansTicks.Api.Live.Outbox;
using OrleansTicks.GrainInterfaces.Regeneration;

namespace OrleansTicks.Api.Live.Hubs;

/// <summary>One hub connection's observer of the regeneration jobs it started: the end of a job (success or failure)
/// goes to that connection only, through its outbox.</summary>
internal sealed class RegenerationNotifier(ILiveSubscriber outbox) : IRegenerationObserver
{
    public Task OnRegenerationProgressAsync(RegenerationStatus status) => Task.CompletedTask;

    public Task OnRegenerationFinishedAsync(RegenerationStatus status)
    {
        outbox.Deliver(LiveMessage.ForRegeneration(status));
        return Task.CompletedTask;
    }
}
