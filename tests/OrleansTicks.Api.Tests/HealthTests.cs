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
    public async Task Bad_setting_stops_the_process_at_start_naming_the_setting(string key, string value, string named)
    {
        await using var factory = new TicksApiFactory().With(key, value);

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }
}
