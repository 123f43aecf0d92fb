namespace OrleansTicks.Runtime.Tests.Storage;

/// <summary>Record identity: (grain type, grain key, state name), compared ordinally, whatever the characters.</summary>
public abstract partial class GrainStorageConformanceTests<TStorage>
{
    private const string Exotic = "Ünïcødé/日本/🚀";

    [Fact]
    public async Task Non_ascii_grain_types_keys_and_state_names_round_trip()
    {
        var grainId = new GrainId(Exotic, $"{Exotic}-{Guid.NewGuid():N}");
        var written = NewState($"text {Exotic}");

        await Storage.WriteStateAsync(Exotic, grainId, written);
        var read = await ReadAsync(grainId, Exotic);

        Assert.True(read.RecordExists);
        Assert.Equal(written.State, read.State);
        Assert.Equal(written.ETag, read.ETag);
        Assert.False((await ReadAsync(grainId, StateName)).RecordExists);
    }

    [Fact]
    public async Task Keys_that_differ_only_by_case_are_different_records()
    {
        var suffix = Guid.NewGuid().ToString("N");
        var lower = new GrainId("conformance", $"key-{suffix}");
        var upper = new GrainId("conformance", $"KEY-{suffix.ToUpperInvariant()}");
        var lowerState = await WriteNewAsync(lower, "lower");

        var upperBeforeWrite = await ReadAsync(upper);
        var upperState = await WriteNewAsync(upper, "upper");
        await Storage.ClearStateAsync(StateName, lower, lowerState);

        Assert.False(upperBeforeWrite.RecordExists);
        Assert.False((await ReadAsync(lower)).RecordExists);
        var upperRead = await ReadAsync(upper);
        Assert.Equal(upperState.State, upperRead.State);
        Assert.Equal(upperState.ETag, upperRead.ETag);
    }

    [Fact]
    public async Task Keys_that_differ_only_by_unicode_normalization_are_different_records()
    {
        var suffix = Guid.NewGuid().ToString("N");
        var composed = new GrainId("conformance", $"caf\u00e9-{suffix}");
        var decomposed = new GrainId("conformance", $"cafe\u0301-{suffix}");

        await WriteNewAsync(composed, "composed");
        await WriteNewAsync(decomposed, "decomposed");

        Assert.Equal(ConformanceState.Sample("composed"), (await ReadAsync(composed)).State);
        Assert.Equal(ConformanceState.Sample("decomposed"), (await ReadAsync(decomposed)).State);
    }

    [Fact]
    public async Task States_with_the_same_key_under_other_grain_types_or_state_names_are_independent()
    {
        var key = $"shared-{Guid.NewGuid():N}";
        var quote = new GrainId("quote", key);
        var bar = new GrainId("bar", key);
        var quoteMain = await WriteNewAsync(quote, "quote main", "main");
        var quoteAudit = await WriteNewAsync(quote, "quote audit", "audit");
        var barMain = await WriteNewAsync(bar, "bar main", "main");

        quoteMain.State = ConformanceState.Sample("quote main v2");
        await Storage.WriteStateAsync("main", quote, quoteMain);
        await Storage.ClearStateAsync("audit", quote, quoteAudit);

        Assert.Equal(quoteMain.State, (await ReadAsync(quote, "main")).State);
        Assert.False((await ReadAsync(quote, "audit")).RecordExists);
        var barRead = await ReadAsync(bar, "main");
        Assert.Equal(barMain.State, barRead.State);
        Assert.Equal(barMain.ETag, barRead.ETag);
        Assert.False((await ReadAsync(bar, "audit")).RecordExists);
    }
}
