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

        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM grain_state WHERE grain_type = 'payload' AND grain_key = $key";
        command.Parameters.AddWithValue("$key", grainId.Key);
        var payload = (byte[])(await command.ExecuteScalarAsync())!;

        Assert.Equal(serializer.Serialize(state.State), payload);
        Assert.Contains("Ünïcødé 日本", Encoding.UTF8.GetString(payload), StringComparison.Ordinal);
    }
}
