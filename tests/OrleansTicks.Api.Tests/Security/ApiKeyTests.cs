using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansTicks.Api.Tests.Security;

[Collection(KeyedApiCollection.Name)]
public sealed class ApiKeyTests(KeyedApiFixture keyed)
{
    internal const string ReadKey = "read-key-0123456789abcdef";
    internal const string AdminKey = "admin-key-0123456789abcdef";

    internal static TicksApiFactory WithKeys() => QuietApi.Create()
        .With("Auth:ApiKeys:0:Name", "reader")
        .With("Auth:ApiKeys:0:Key", ReadKey)
        .With("Auth:ApiKeys:0:Role", "read")
        .With("Auth:ApiKeys:1:Name", "operator")
        .With("Auth:ApiKeys:1:Key", AdminKey)
        .With("Auth:ApiKeys:1:Role", "admin");

    [Fact]
    public async Task Document_declares_the_api_key_scheme_when_keys_are_on()
    {
        using var client = keyed.Factory.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");

        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Array, document.GetProperty("security")[0].GetProperty("ApiKey").ValueKind);
    }

    [Fact]
    public async Task With_keys_a_request_without_one_gets_401_problem_saying_how_to_send_one()
    {
        using var client = keyed.Factory.CreateClient();

        using var response = await client.GetAsync("/metrics");

        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("X-Api-Key", detail, StringComparison.Ordinal);
        Assert.StartsWith("ApiKey", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_keys_a_wrong_key_gets_401_problem_saying_it_is_not_valid()
    {
        using var client = keyed.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ReadKey + "x");

        using var response = await client.GetAsync("/metrics");

        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("not one of the configured keys", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("header")]
    [InlineData("token")]
    [InlineData("access_token")]
    [InlineData("bearer")]
    public async Task With_keys_a_read_key_is_accepted_wherever_clients_send_it(string where)
    {
        using var client = keyed.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, where switch
        {
            "token" => $"/metrics?token={ReadKey}",
            "access_token" => $"/metrics?access_token={ReadKey}",
            _ => "/metrics",
        });
        if (where == "header")
        {
            request.Headers.Add("X-Api-Key", ReadKey);
        }
        else if (where == "bearer")
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ReadKey);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/metrics", ReadKey, AdminKey)]
    [InlineData("/metrics", AdminKey, ReadKey)]
    [InlineData($"/metrics?token={AdminKey}", ReadKey, null)]
    [InlineData($"/metrics?token={ReadKey}&token={AdminKey}", null, null)]
    [InlineData($"/metrics?token={ReadKey}&access_token={AdminKey}", null, null)]
    public async Task With_keys_two_different_keys_get_401_problem_instead_of_one_picked(string path, string? header, string? secondHeader)
    {
        using var client = keyed.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var key in new[] { header, secondHeader }.OfType<string>())
        {
            request.Headers.Add("X-Api-Key", key);
        }

        using var response = await client.SendAsync(request);

        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.StartsWith("The request carries 2 different keys. Send one key.", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_keys_the_same_key_sent_twice_is_one_key()
    {
        using var client = keyed.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/metrics?access_token={ReadKey}"); // as a SignalR client may
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ReadKey);
        request.Headers.Add("X-Api-Key", ReadKey);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task With_keys_health_and_the_api_description_stay_open()
    {
        using var client = keyed.Factory.CreateClient();

        foreach (var path in new[] { "/health/live", "/health/ready", "/openapi/v1.json", "/swagger/index.html" })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("Auth:ApiKeys:0:Key", "short", "Auth:ApiKeys:0:Key")]
    [InlineData("Auth:ApiKeys:0:Role", "owner", "Auth:ApiKeys:0:Role")]
    public async Task A_bad_key_setting_stops_the_process_at_start_naming_it(string key, string value, string named)
    {
        await using var factory = new TicksApiFactory()
            .With("Auth:ApiKeys:0:Key", ReadKey)
            .With("Auth:ApiKeys:0:Role", "read")
            .With(key, value);

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }
}
