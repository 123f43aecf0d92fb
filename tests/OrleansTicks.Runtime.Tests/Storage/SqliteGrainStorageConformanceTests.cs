using System.Text;
using Microsoft.Data.Sqlite;
using OrleansTicks.Runtime.Storage;

namespace OrleansTicks.Runtime.Tests.Storage;

public sealed class SqliteGrainStorageConformanceTests(SqliteDatabaseFixture database)
    : GrainStorageConformanceTests<SqliteGrainStorage>, IClassFixture<SqliteDatabaseFixture>
{
    protected override async Task<SqliteGrainStorage> CreateStorageAsync()
    {
        var storage = new SqliteGrainStorage(new SqliteStorageOptions { ConnectionString = database.ConnectionString }, new JsonGrainStorageSerializer());
        await storage.EnsureSchemaAsync();
        return storage;
    }

    protected override Task<SqliteGrainStorage> ReopenStorageAsync() => CreateStorageAsync();

    [Fact]
    public async Task EnsureSchema_puts_the_database_in_wal_mode()
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Stored_payload_is_the_serializers_utf8_json_with_non_ascii_text_unescaped()
    {
        var serializer = new JsonGrainStorageSerializer();
        var grainId = new GrainId("payload", $"key-{Guid.NewGuid():N}");
        var state = new GrainState<ConformanceState>(ConformanceState.Sample("Ünïcødé 日本"));
        await Storage.WriteStateAsync(StateName, grainId, state);

        var payload = (byte[])(await SelectStoredAsync(grainId, "payload"))[0];

        Assert.Equal(serializer.Serialize(state.State), payload);
        Assert.Contains("Ünïcødé 日本", Encoding.UTF8.GetString(payload), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clear_keeps_the_row_as_a_tombstone_with_a_null_payload_and_the_next_version()
    {
        var grainId = new GrainId("tombstone", $"key-{Guid.NewGuid():N}");
        var state = new GrainState<ConformanceState>(ConformanceState.Sample("cleared"));
        await Storage.WriteStateAsync(StateName, grainId, state);
        await Storage.ClearStateAsync(StateName, grainId, state);

        var row = await SelectStoredAsync(grainId, "etag, payload IS NULL");

        Assert.Equal(new object[] { 2L, 1L }, row);
        Assert.Equal("2", state.ETag);
    }

    /// <summary>The named columns of the grain's row of <c>StateName</c>, read straight from the table.</summary>
    private async Task<object[]> SelectStoredAsync(GrainId grainId, string columns)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {columns} FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $state";
        command.Parameters.AddWithValue("$type", grainId.Type);
        command.Parameters.AddWithValue("$key", grainId.Key);
        command.Parameters.AddWithValue("$state", StateName);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no row for {grainId}");
        var values = new object[reader.FieldCount];
        reader.GetValues(values);
        return values;
    }
}
