using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;

namespace OrleansTicks.Api.Tests.Security;

public sealed class PolicyAndBodyLimitTests
{
    private static readonly (string, string)[] Keys =
    [
        ("Auth:ApiKeys:0:Key", ApiKeyTests.ReadKey), ("Auth:ApiKeys:0:Role", "read"),
        ("Auth:ApiKeys:1:Key", ApiKeyTests.AdminKey), ("Auth:ApiKeys:1:Role", "admin"),
    ];

    [Fact]
    public async Task Admin_endpoint_refuses_a_read_key_with_403_problem_and_accepts_an_admin_key()
    {
        await using var app = await SecuredProbeApp.StartAsync(Keys);
        using var client = app.GetTestClient();

        using var asReader = await Send(client, "/api/admin", ApiKeyTests.ReadKey, "{}");
        using var asAdmin = await Send(client, "/api/admin", ApiKeyTests.AdminKey, "{}");

        var detail = await ProblemAssert.IsProblemAsync(asReader, HttpStatusCode.Forbidden);
        Assert.Contains("role 'read'", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
    }

    [Fact]
    public async Task Without_keys_the_admin_endpoint_is_open()
    {
        await using var app = await SecuredProbeApp.StartAsync();
        using var client = app.GetTestClient();

        using var response = await Send(client, "/api/admin", key: null, "{}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413_problem_naming_the_limit()
    {
        await using var app = await SecuredProbeApp.StartAsync(("Api:MaxRequestBodyBytes", "1024"));
        using var client = app.GetTestClient();

        using var fits = await Send(client, "/api/echo", key: null, new string('a', 1024));
        using var tooBig = await Send(client, "/api/echo", key: null, new string('a', 1025));

        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        Assert.Equal(1024, (await fits.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("length").GetInt32());
        var detail = await ProblemAssert.IsProblemAsync(tooBig, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("larger than 1,024 bytes", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_gets_413_and_one_under_it_arrives_whole()
    {
        await using var app = await SecuredProbeApp.StartAsync(("Api:MaxRequestBodyBytes", "1024"));
        using var client = app.GetTestClient();

        using var fits = await SendChunked(client, 1000);
        using var tooBig = await SendChunked(client, 5000);

        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        Assert.Equal(1000, (await fits.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("length").GetInt32());
        await ProblemAssert.IsProblemAsync(tooBig, HttpStatusCode.RequestEntityTooLarge);
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string path, string? key, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body) };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> SendChunked(HttpClient client, int length)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/echo") { Content = new StreamContent(new MemoryStream(new byte[length])) };
        request.Headers.TransferEncodingChunked = true;
        return client.SendAsync(request);
    }
}
