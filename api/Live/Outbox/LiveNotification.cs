namespace OrleansTicks.Api.Live.Outbox;

/// <summary>The messages of one grain notification of one symbol (its quote and bars, in number order), as the symbol
/// watch forwards them to every client. An idle client's whole batch is usually exactly these, the same for every
/// watcher of the symbol, so a wire format can frame them once and every such connection writes that one frame
/// (see <c>HubFrames.Of(LiveNotification, ...)</c>): nothing is made per connection.</summary>
internal sealed class LiveNotification
{
    private readonly LiveMessage[] _messages;

    private LiveNotification(LiveMessage[] messages) => _messages = messages;

    /// <summary>Groups <paramref name="messages"/> (in their order) into one notification and marks each as part of it;
    /// call before any of them reaches a client.</summary>
    public static void Group(LiveMessage[] messages)
    {
        var notification = new LiveNotification(messages);
        foreach (var message in messages)
        {
            message.Notification = notification;
        }
    }

    /// <summary>The notification framed whole for the first wire format that sent it so; null until then.</summary>
    public CachedFrame? Frame { get; set; }

    /// <summary>The messages, in order.</summary>
    public ReadOnlySpan<LiveMessage> Messages => _messages;

    /// <summary>The notification whose messages <paramref name="batch"/> is, exactly and in order; null when the batch
    /// is anything else (part of one, several, a conflated quote in place of one of them, messages from elsewhere).</summary>
    public static LiveNotification? Spanning(IReadOnlyList<LiveMessage> batch)
    {
        if (batch.Count == 0 || batch[0].Notification is not { } notification || notification._messages.Length != batch.Count)
        {
            return null;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (!ReferenceEquals(batch[i], notification._messages[i]))
            {
                return null;
            }
        }

        return notification;
    }
}
