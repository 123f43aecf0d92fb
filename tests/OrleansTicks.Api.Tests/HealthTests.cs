using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansTicks.TestKit;

namespace OrleansTicks.Api.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task Live_and_ready_answer_200_in_embedded_mode()
    {
        await using var factory = new TicksApiFactory();
        using var client = factory.CreateClient();

        await HealthAssert.LiveAndReadyAsync(client, "bar-store", "grain-storage", "silo");
    }

    [Fact]
    public async Task Unknown_path_answers_404_problem_details()
    {
        await using var factory = new TicksApiFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/no/such/thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("Storage:Provider", "Oracle", "Storage:Provider")]
    [InlineData("Silo:ResponseTimeout", "-00:00:05", "Silo:ResponseTimeout")]
    [InlineData("Silo:CollectionQuantum", "01:00:00", "Silo:CollectionQuantum")]
    [InlineData("Cluster:Mode", "kafka", "Cluster:Mode")]
    public async Task Bad_setting_stops_the_process_at_start_naming_the_setting(string key, string value, string named)
    {
        await using var factory = new TicksApiFactory().With(key, value);

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Storage:Provider", "Sqlite", "Storage:Provider")]
    [InlineData("Cluster:SiloId", "", "Cluster:SiloId")]
    [InlineData("Cluster:SiloId", "api node 1", "Cluster:SiloId")]
    [InlineData("ConnectionStrings:RabbitMq", "", "ConnectionStrings:RabbitMq")]
    [InlineData("ConnectionStrings:RabbitMq", "http://localhost:5672", "ConnectionStrings:RabbitMq")]
    [InlineData("Cluster:Partitions", "0", "Cluster:Partitions")]
    public async Task Bad_cluster_setting_stops_the_process_at_start_naming_the_setting(string key, string value, string named)
    {
        await using var factory = new TicksApiFactory()
            .With("Cluster:Mode", "rabbitmq")
            .With("Cluster:SiloId", "api-1")
            .With("ConnectionStrings:RabbitMq", "amqp://guest:guest@127.0.0.1:1/")
            .With("ConnectionStrings:Postgres", "Host=127.0.0.1;Port=1;Username=postgres")
            .With(key, value);

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.True(error.ToString().Contains(named, StringComparison.Ordinal), error.ToString());
    }
}
