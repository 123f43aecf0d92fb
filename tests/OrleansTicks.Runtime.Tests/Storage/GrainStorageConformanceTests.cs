using OrleansTicks.Runtime.Storage;

namespace OrleansTicks.Runtime.Tests.Storage;

/// <summary>The behaviour every <see cref="IGrainStorage"/> shares. Each provider runs it through a small derived
/// class; every test uses keys of its own, so tests never see each other's records.</summary>
/// <typeparam name="TStorage">The provider under test.</typeparam>
public abstract partial class GrainStorageConformanceTests<TStorage> : IAsyncLifetime
    where TStorage : class, IGrainStorage
{
    protected const string StateName = "state";

    private readonly List<TStorage> _created = [];

    /// <summary>The provider under test, created for this test.</summary>
    protected TStorage Storage { get; private set; } = null!;

    /// <summary>Creates a provider over this test class's store, its schema ready.</summary>
    protected abstract Task<TStorage> CreateStorageAsync();

    /// <summary>Another provider instance over the same store as <see cref="Storage"/>: the SQL providers open a new
    /// instance on the same database. A memory store lives exactly as long as its instance, so it returns
    /// <see cref="Storage"/> itself.</summary>
    protected abstract Task<TStorage> ReopenStorageAsync();

    public async Task InitializeAsync() => Storage = await TrackAsync(CreateStorageAsync());

    public virtual async Task DisposeAsync()
    {
        foreach (var storage in _created)
        {
            if (storage is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    protected async Task<TStorage> TrackAsync(Task<TStorage> creating)
    {
        var storage = await creating;
        if (!_created.Contains(storage))
        {
            _created.Add(storage);
        }

        return storage;
    }

    protected static GrainId NewGrainId(string type = "conformance") => new(type, $"key-{Guid.NewGuid():N}");

    protected static GrainState<ConformanceState> NewState(string text, string? etag = null) =>
        new(ConformanceState.Sample(text)) { ETag = etag, RecordExists = etag is not null };

    protected static GrainState<ConformanceState> EmptyState() => new(ConformanceState.Sample("empty"));

    protected async Task<GrainState<ConformanceState>> ReadAsync(GrainId grainId, string stateName = StateName, IGrainStorage? storage = null)
    {
        var state = EmptyState();
        await (storage ?? Storage).ReadStateAsync(stateName, grainId, state);
        return state;
    }

    protected async Task<GrainState<ConformanceState>> WriteNewAsync(GrainId grainId, string text, string stateName = StateName)
    {
        var state = NewState(text);
        await Storage.WriteStateAsync(stateName, grainId, state);
        return state;
    }

    [Fact]
    public async Task Write_then_read_into_fresh_state_returns_equal_state_same_etag_and_record_exists()
    {
        var grainId = NewGrainId();
        var written = NewState("round trip");

        await Storage.WriteStateAsync(StateName, grainId, written);
        var read = await ReadAsync(grainId);

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(written.State, read.State);
        Assert.NotSame(written.State, read.State);
    }

    [Fact]
    public async Task Read_of_missing_record_reports_no_record_and_leaves_state_untouched()
    {
        var untouched = ConformanceState.Sample("caller's default");
        var state = new GrainState<ConformanceState>(untouched) { ETag = "42", RecordExists = true };

        await Storage.ReadStateAsync(StateName, NewGrainId(), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Same(untouched, state.State);
    }

    [Fact]
    public async Task Successive_writes_with_the_held_etag_succeed_and_change_the_etag_each_time()
    {
        var grainId = NewGrainId();
        var state = NewState("v1");
        var etags = new List<string>();

        for (var i = 1; i <= 5; i++)
        {
            state.State = ConformanceState.Sample($"v{i}");
            await Storage.WriteStateAsync(StateName, grainId, state);
            etags.Add(state.ETag!);
        }

        Assert.Equal(etags.Count, etags.Distinct().Count());
        var read = await ReadAsync(grainId);
        Assert.Equal(ConformanceState.Sample("v5"), read.State);
        Assert.Equal(etags[^1], read.ETag);
    }

    [Fact]
    public async Task Clear_then_read_reports_missing_record_with_the_tombstone_etag()
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(grainId, "to be cleared");
        var liveETag = state.ETag;
        var kept = state.State;

        await Storage.ClearStateAsync(StateName, grainId, state);
        var untouched = ConformanceState.Sample("caller's default");
        var read = new GrainState<ConformanceState>(untouched);
        await Storage.ReadStateAsync(StateName, grainId, read);

        Assert.False(state.RecordExists);
        Assert.NotNull(state.ETag);
        Assert.NotEqual(liveETag, state.ETag);
        Assert.Same(kept, state.State);
        Assert.False(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Same(untouched, read.State);
    }

    [Fact]
    public async Task Clear_of_missing_record_with_null_etag_succeeds()
    {
        var state = EmptyState();

        await Storage.ClearStateAsync(StateName, NewGrainId(), state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task Write_after_clear_with_the_returned_etag_revives_the_record()
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(grainId, "first life");
        await Storage.ClearStateAsync(StateName, grainId, state);
        var tombstoneETag = state.ETag;

        state.State = ConformanceState.Sample("second life");
        await Storage.WriteStateAsync(StateName, grainId, state);

        Assert.True(state.RecordExists);
        Assert.NotEqual(tombstoneETag, state.ETag);
        var read = await ReadAsync(grainId);
        Assert.True(read.RecordExists);
        Assert.Equal(ConformanceState.Sample("second life"), read.State);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task Large_payload_over_one_megabyte_round_trips()
    {
        var random = new Random(20261121);
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 ÄÖÜéß日本語🚀\"\\";
        var text = string.Create(1_200_000, random, (chars, r) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                var c = Alphabet[r.Next(Alphabet.Length)];
                chars[i] = char.IsSurrogate(c) ? 'x' : c; // keep the string valid UTF-16
            }
        });
        var grainId = NewGrainId();
        var state = new GrainState<ConformanceState>(new ConformanceState(text, 1, DateTimeOffset.UnixEpoch));
        Assert.True(new JsonGrainStorageSerializer().Serialize(state.State).Length >= 1 << 20);

        await Storage.WriteStateAsync(StateName, grainId, state);
        var read = await ReadAsync(grainId);

        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(text, read.State.Text);
    }

    [Fact]
    public async Task Fresh_provider_instance_on_the_same_store_reads_the_written_state_and_accepts_its_etag()
    {
        var grainId = NewGrainId();
        var written = await WriteNewAsync(grainId, "persisted");

        var reopened = await TrackAsync(ReopenStorageAsync());
        var read = await ReadAsync(grainId, storage: reopened);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(written.State, read.State);

        read.State = ConformanceState.Sample("written through the new instance");
        await reopened.WriteStateAsync(StateName, grainId, read);
        Assert.Equal(read.State, (await ReadAsync(grainId)).State);
    }

    [Fact]
    public async Task Operations_with_a_cancelled_token_throw_OperationCanceledException()
    {
        var grainId = NewGrainId();
        var state = NewState("never written");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Storage.WriteStateAsync(StateName, grainId, state, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Storage.ReadStateAsync(StateName, grainId, state, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Storage.ClearStateAsync(StateName, grainId, state, cancelled.Token));
        Assert.False((await ReadAsync(grainId)).RecordExists);
    }
}
