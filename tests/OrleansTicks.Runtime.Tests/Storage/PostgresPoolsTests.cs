using Npgsql;
using OrleansTicks.Runtime.Storage;

namespace OrleansTicks.Runtime.Tests.Storage;

public sealed class PostgresPoolsTests
{
    [Fact]
    public void A_connection_string_without_a_pool_size_gets_the_default()
    {
        var limited = PostgresPools.WithDefaultMaxPoolSize("Host=db;Username=u;Password=p;Database=d", PostgresPools.BarStore);
        var parsed = new NpgsqlConnectionStringBuilder(limited);
        Assert.Equal(PostgresPools.BarStore, parsed.MaxPoolSize);
        Assert.Equal("db", parsed.Host);
        Assert.Equal("d", parsed.Database);
    }

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=7")]
    [InlineData("host=db;MAXIMUM POOL SIZE=7")]
    [InlineData("Host=db; maxpoolsize = 7 ")]
    public void A_pool_size_the_connection_string_names_is_kept(string connectionString)
    {
        var kept = PostgresPools.WithDefaultMaxPoolSize(connectionString, PostgresPools.GrainStorage);
        Assert.Equal(7, new NpgsqlConnectionStringBuilder(kept).MaxPoolSize);
    }

    [Fact]
    public void A_default_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PostgresPools.WithDefaultMaxPoolSize("Host=db", 0));
}
