using Microsoft.Data.Sqlite;
using OrleansTicks.Runtime.Storage;

namespace OrleansTicks.Runtime.Tests.Storage;

public sealed class SqliteDatabaseTests
{
    [Fact]
    public async Task A_file_that_cannot_be_opened_is_named_in_the_error()
    {
        // A path under a regular file can be opened by nobody, root included (the tests may run as root).
        var notADirectory = Path.GetTempFileName();
        try
        {
            var path = Path.Combine(notADirectory, "ticks.db");
            var database = new SqliteDatabase($"Data Source={path}", TimeSpan.FromSeconds(1));

            var error = await Assert.ThrowsAsync<SqliteException>(async () => await database.OpenAsync());

            Assert.Equal(14, error.SqliteErrorCode);
            Assert.StartsWith($"SQLite cannot open the database file '{path}' (SQLite Error 14: 'unable to open database file'): check the connection string's Data Source", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(notADirectory);
        }
    }
}
