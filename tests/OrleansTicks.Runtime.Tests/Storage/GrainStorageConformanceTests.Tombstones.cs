using OrleansTicks.Runtime.Storage;

namespace OrleansTicks.Runtime.Tests.Storage;

/// <summary>Clears leave tombstones: a key's ETags are never reused, so fencing holds across a clear (no ABA).</summary>
public abstract partial class GrainStorageConformanceTests<TStorage>
{
    [Fact]
    public async Task Stale_etag_from_before_a_clear_and_rewrites_never_matches_again()
    {
        var grainId = NewGrainId();
        var stale = await WriteNewAsync(grainId, "v1"); // the activation that will be left behind
        var issued = new List<string> { stale.ETag! };
        var current = NewState("current", stale.ETag);

        for (var life = 1; life <= 3; life++)
        {
            await Storage.ClearStateAsync(StateName, grainId, current);
            issued.Add(current.ETag!);

            // A fresh activation reads what the clear left and writes on from there, several times.
            current = await ReadAsync(grainId);
            for (var write = 1; write <= 3; write++)
            {
                current.State = ConformanceState.Sample($"life {life} write {write}");
                await Storage.WriteStateAsync(StateName, grainId, current);
                issued.Add(current.ETag!);
            }
        }

        Assert.Equal(issued.Count, issued.Distinct().Count());
        var staleWrite = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, stale));
        Assert.Equal(current.ETag, staleWrite.StoredETag);
        Assert.Equal(issued[0], staleWrite.CurrentETag);
        foreach (var etag in issued.SkipLast(1))
        {
            await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, NewState("stale writer", etag)));
            await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grainId, NewState("stale clearer", etag)));
        }

        await AssertStoredAsync(grainId, current);
    }

    [Fact]
    public async Task Clear_of_a_tombstone_with_its_etag_succeeds_and_moves_the_etag_on()
    {
        var grainId = NewGrainId();
        var state = await StoreAsync(grainId, "cleared twice", cleared: true);
        var firstTombstone = state.ETag;

        await Storage.ClearStateAsync(StateName, grainId, state);

        Assert.False(state.RecordExists);
        Assert.NotNull(state.ETag);
        Assert.NotEqual(firstTombstone, state.ETag);
        await AssertStoredAsync(grainId, state);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, NewState("stale", firstTombstone)));
    }

    [Fact]
    public async Task Fresh_provider_instance_on_the_same_store_sees_the_tombstone_and_its_etag_revives_the_record()
    {
        var grainId = NewGrainId();
        var cleared = await StoreAsync(grainId, "before the restart", cleared: true);

        var reopened = await TrackAsync(ReopenStorageAsync());
        var read = await ReadAsync(grainId, storage: reopened);
        Assert.False(read.RecordExists);
        Assert.Equal(cleared.ETag, read.ETag);

        read.State = ConformanceState.Sample("after the restart");
        await reopened.WriteStateAsync(StateName, grainId, read);
        Assert.True(read.RecordExists);
        await AssertStoredAsync(grainId, read);
    }

    /// <summary>Writes a new record and, if <paramref name="cleared"/>, clears it. The returned state holds the ETag of
    /// the record or of its tombstone.</summary>
    private async Task<GrainState<ConformanceState>> StoreAsync(GrainId grainId, string text, bool cleared)
    {
        var state = await WriteNewAsync(grainId, text);
        if (cleared)
        {
            await Storage.ClearStateAsync(StateName, grainId, state);
        }

        return state;
    }

    /// <summary>Asserts that storage still holds what <paramref name="expected"/> was left as: the same ETag, and the
    /// same state if it is a record rather than a tombstone.</summary>
    private async Task AssertStoredAsync(GrainId grainId, GrainState<ConformanceState> expected)
    {
        var read = await ReadAsync(grainId);
        Assert.Equal(expected.RecordExists, read.RecordExists);
        Assert.Equal(expected.ETag, read.ETag);
        if (expected.RecordExists)
        {
            Assert.Equal(expected.State, read.State);
        }
    }
}
