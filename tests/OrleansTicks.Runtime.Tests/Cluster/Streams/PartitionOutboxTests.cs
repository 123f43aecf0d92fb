using Microsoft.Extensions.Logging;
using OrleansTicks.Runtime.Cluster.Streams;

namespace OrleansTicks.Runtime.Tests.Cluster.Streams;

/// <summary>A partition's outbox over a sender whose confirms the test gives (or refuses) by hand: up to the window of
/// messages go out without waiting for a confirm, then what gathers becomes one message, and a refused message goes
/// again before anything newer.</summary>
public sealed class PartitionOutboxTests
{
    private const int Partition = 7;
    private static readonly JsonStreamBatchCodec<int> Codec = new();

    [Fact]
    public async Task Sends_up_to_the_window_without_waiting_for_confirms_then_gathers_what_waits()
    {
        var sender = new HandConfirmedSender();
        var outbox = new PartitionOutbox(Partition, window: 3, _ => Task.FromResult<IPartitionSender>(sender), TimeProvider.System, new ListLogger<PartitionOutboxTests>());

        for (var item = 1; item <= 3; item++)
        {
            await outbox.AppendAsync("n", "k", Codec, [item], CancellationToken.None);
            await sender.SentAsync(item); // each goes at once, though no confirm has come
        }

        await outbox.AppendAsync("n", "k", Codec, [4], CancellationToken.None);
        await outbox.AppendAsync("n", "k", Codec, [5], CancellationToken.None);
        sender.Confirm(0); // room for one more: what waited meanwhile goes as one message
        await sender.SentAsync(4);
        sender.Confirm(1, 2, 3);
        await outbox.DrainAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([[1], [2], [3], [4, 5]], sender.Items());
        Assert.All(sender.Partitions(), p => Assert.Equal(Partition, p));
    }

    [Fact]
    public async Task A_refused_message_goes_again_after_those_in_flight_settle_and_before_anything_newer()
    {
        var sender = new HandConfirmedSender();
        var logger = new ListLogger<PartitionOutboxTests>();
        var outbox = new PartitionOutbox(Partition, window: 3, _ => Task.FromResult<IPartitionSender>(sender), TimeProvider.System, logger);
        for (var item = 1; item <= 3; item++)
        {
            await outbox.AppendAsync("n", "k", Codec, [item], CancellationToken.None);
            await sender.SentAsync(item);
        }

        sender.Refuse(0);
        sender.Confirm(1);
        await outbox.AppendAsync("n", "k", Codec, [4], CancellationToken.None); // newer than the refused one
        sender.Refuse(2); // the last one in flight settles too: both go again, in their order
        await sender.SentAsync(4);
        Assert.Equal([1], sender.Items()[3]);
        sender.Confirm(3);
        await sender.SentAsync(5);
        Assert.Equal([3], sender.Items()[4]);
        sender.Confirm(4);
        await sender.SentAsync(6);
        sender.Confirm(5);
        await outbox.DrainAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([[1], [2], [3], [1], [3], [4]], sender.Items());
        Assert.Equal(2, logger.Entries.Count(e => e.Id.Id == 3400 && e.Level == LogLevel.Warning));
    }

    [Fact]
    public async Task A_window_of_one_sends_one_message_at_a_time()
    {
        var sender = new HandConfirmedSender();
        var outbox = new PartitionOutbox(Partition, window: 1, _ => Task.FromResult<IPartitionSender>(sender), TimeProvider.System, new ListLogger<PartitionOutboxTests>());

        await outbox.AppendAsync("n", "k", Codec, [1], CancellationToken.None);
        await sender.SentAsync(1);
        await outbox.AppendAsync("n", "k", Codec, [2], CancellationToken.None);
        await outbox.AppendAsync("n", "k", Codec, [3], CancellationToken.None);
        sender.Confirm(0);
        await sender.SentAsync(2);
        sender.Confirm(1);
        await outbox.DrainAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([[1], [2, 3]], sender.Items());
    }

    /// <summary>Records every message sent (copied: the outbox reuses its buffers) and completes its confirm only when
    /// the test says so.</summary>
    private sealed class HandConfirmedSender : IPartitionSender
    {
        private readonly Lock _lock = new();
        private readonly List<(int Partition, byte[] Body, TaskCompletionSource Confirm)> _sent = [];
        private readonly SemaphoreSlim _sends = new(0);

        public Task PublishAsync(int partition, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
        {
            var confirm = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
            {
                _sent.Add((partition, body.ToArray(), confirm));
            }

            _sends.Release();
            return confirm.Task;
        }

        /// <summary>Waits until <paramref name="count"/> messages have been sent in all.</summary>
        public async Task SentAsync(int count)
        {
            while (Count() < count)
            {
                Assert.True(await _sends.WaitAsync(TimeSpan.FromSeconds(30)), $"only {Count()} of {count} messages were sent");
            }
        }

        public void Confirm(params int[] indexes)
        {
            foreach (var index in indexes)
            {
                Sent(index).Confirm.SetResult();
            }
        }

        public void Refuse(int index) => Sent(index).Confirm.SetException(new InvalidOperationException("refused by the test"));

        /// <summary>The items of each message sent, in the order sent.</summary>
        public List<int[]> Items()
        {
            lock (_lock)
            {
                return [.. _sent.Select(s => StreamMessage.Read(s.Body).SelectMany(segment => Codec.Decode(segment.Payload.Span)).ToArray())];
            }
        }

        public List<int> Partitions()
        {
            lock (_lock)
            {
                return [.. _sent.Select(s => s.Partition)];
            }
        }

        private int Count()
        {
            lock (_lock)
            {
                return _sent.Count;
            }
        }

        private (int Partition, byte[] Body, TaskCompletionSource Confirm) Sent(int index)
        {
            lock (_lock)
            {
                return _sent[index];
            }
        }
    }
}
