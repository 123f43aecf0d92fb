using OrleansTicks.Runtime.Storage;

namespace OrleansTicks.Runtime.Tests.Storage;

/// <summary>ETag fencing: a write or clear whose ETag is not the stored one fails, and leaves the record alone.</summary>
public abstract partial class GrainStorageConformanceTests<TStorage>
{
    private const int ConcurrentWriters = 16;

    [Fact]
    public async Task Write_with_stale_etag_throws_InconsistentStateException_and_keeps_the_stored_state()
    {
        var grainId = NewGrainId();
        var current = await WriteNewAsync(grainId, "v1");
        var staleETag = current.ETag;
        current.State = ConformanceState.Sample("v2");
        await Storage.WriteStateAsync(StateName, grainId, current);
        var stale = NewState("stale writer", staleETag);

        var exception = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, stale));

        Assert.Equal(current.ETag, exception.StoredETag);
        Assert.Equal(staleETag, exception.CurrentETag);
        Assert.Equal(staleETag, stale.ETag);
        var read = await ReadAsync(grainId);
        Assert.Equal(ConformanceState.Sample("v2"), read.State);
        Assert.Equal(current.ETag, read.ETag);
    }

    [Fact]
    public async Task Clear_with_stale_etag_throws_InconsistentStateException_and_keeps_the_record()
    {
        var grainId = NewGrainId();
        var current = await WriteNewAsync(grainId, "v1");
        var staleETag = current.ETag;
        await Storage.WriteStateAsync(StateName, grainId, current);
        var stale = NewState("stale clearer", staleETag);

        var exception = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grainId, stale));

        Assert.Equal(current.ETag, exception.StoredETag);
        Assert.True(stale.RecordExists);
        Assert.Equal(staleETag, stale.ETag);
        Assert.Equal(current.ETag, (await ReadAsync(grainId)).ETag);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Insert_with_null_etag_when_a_record_or_tombstone_exists_throws_InconsistentStateException(bool cleared)
    {
        var grainId = NewGrainId();
        var existing = await StoreAsync(grainId, "first", cleared);
        var second = NewState("second insert");

        var exception = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, second));

        Assert.Equal(existing.ETag, exception.StoredETag);
        Assert.Null(exception.CurrentETag);
        Assert.Null(second.ETag);
        Assert.False(second.RecordExists);
        await AssertStoredAsync(grainId, existing);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Clear_with_null_etag_when_a_record_or_tombstone_exists_throws_InconsistentStateException(bool cleared)
    {
        var grainId = NewGrainId();
        var existing = await StoreAsync(grainId, "kept", cleared);

        var exception = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grainId, EmptyState()));

        Assert.Equal(existing.ETag, exception.StoredETag);
        await AssertStoredAsync(grainId, existing);
    }

    [Fact]
    public async Task Write_or_clear_of_missing_record_with_an_etag_throws_InconsistentStateException()
    {
        var grainId = NewGrainId();

        var write = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, NewState("ghost", "1")));
        var clear = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grainId, NewState("ghost", "1")));

        Assert.Null(write.StoredETag);
        Assert.Null(clear.StoredETag);
        Assert.False((await ReadAsync(grainId)).RecordExists);
    }

    [Theory]
    [InlineData("not-a-version")]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData(" 1")]
    [InlineData("99999999999999999999999")]
    public async Task Write_or_clear_with_unparsable_etag_throws_InconsistentStateException(string etag)
    {
        var grainId = NewGrainId();
        var existing = await WriteNewAsync(grainId, "stored");

        var write = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, NewState("bad etag", etag)));
        var clear = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grainId, NewState("bad etag", etag)));

        Assert.Equal(existing.ETag, write.StoredETag);
        Assert.Equal(etag, write.CurrentETag);
        Assert.Equal(existing.ETag, clear.StoredETag);
        Assert.Equal(existing.State, (await ReadAsync(grainId)).State);
    }

    [Fact]
    public async Task Concurrent_writers_with_the_same_etag_exactly_one_wins_and_its_state_is_stored()
    {
        var grainId = NewGrainId();
        var seed = await WriteNewAsync(grainId, "seed");
        var writers = Enumerable.Range(0, ConcurrentWriters).Select(i => NewState($"writer {i}", seed.ETag)).ToArray();

        var succeeded = await RunConcurrentlyAsync(writers, w => Storage.WriteStateAsync(StateName, grainId, w));

        var winner = Assert.Single(writers, w => succeeded[Array.IndexOf(writers, w)]);
        Assert.Equal(ConcurrentWriters - 1, succeeded.Count(s => !s));
        Assert.All(writers.Where(w => w != winner), loser => Assert.Equal(seed.ETag, loser.ETag));
        var read = await ReadAsync(grainId);
        Assert.Equal(winner.State, read.State);
        Assert.Equal(winner.ETag, read.ETag);
    }

    [Fact]
    public async Task Concurrent_inserts_with_null_etag_exactly_one_wins_and_its_state_is_stored()
    {
        var grainId = NewGrainId();
        var writers = Enumerable.Range(0, ConcurrentWriters).Select(i => NewState($"inserter {i}")).ToArray();

        var succeeded = await RunConcurrentlyAsync(writers, w => Storage.WriteStateAsync(StateName, grainId, w));

        var winner = Assert.Single(writers, w => succeeded[Array.IndexOf(writers, w)]);
        Assert.All(writers.Where(w => w != winner), loser => Assert.Null(loser.ETag));
        var read = await ReadAsync(grainId);
        Assert.Equal(winner.State, read.State);
        Assert.Equal(winner.ETag, read.ETag);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Concurrent_clear_and_write_with_the_same_etag_exactly_one_wins(bool cleared)
    {
        var grainId = NewGrainId();
        var seed = await StoreAsync(grainId, "seed", cleared);
        var contenders = Enumerable.Range(0, ConcurrentWriters).Select(i => NewState($"contender {i}", seed.ETag)).ToArray();

        var succeeded = await RunConcurrentlyAsync(contenders, c => Array.IndexOf(contenders, c) % 2 == 0
            ? Storage.WriteStateAsync(StateName, grainId, c)
            : Storage.ClearStateAsync(StateName, grainId, c));

        var winner = Assert.Single(contenders, c => succeeded[Array.IndexOf(contenders, c)]);
        Assert.All(contenders.Where(c => c != winner), loser => Assert.Equal(seed.ETag, loser.ETag));
        var read = await ReadAsync(grainId);
        Assert.Equal(winner.RecordExists, read.RecordExists);
        Assert.Equal(winner.ETag, read.ETag);
    }

    /// <summary>Starts every operation at once (each on its own task, released together) and reports which
    /// succeeded. Any exception other than <see cref="InconsistentStateException"/> fails the test.</summary>
    private static async Task<bool[]> RunConcurrentlyAsync(GrainState<ConformanceState>[] states, Func<GrainState<ConformanceState>, Task> operation)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = states.Select(state => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                await operation(state);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }
}
