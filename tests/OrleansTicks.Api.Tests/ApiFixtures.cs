using OrleansTicks.Api.Tests.Security;

namespace OrleansTicks.Api.Tests;

/// <summary>A started host shared by the tests of a collection: tests that only read need no host of their own, and
/// fewer hosts per run make the run shorter and steadier on a 2-core machine.</summary>
public abstract class ApiFixture(TicksApiFactory factory) : IAsyncLifetime
{
    public TicksApiFactory Factory { get; } = factory;

    public Task InitializeAsync()
    {
        Factory.CreateClient().Dispose(); // starts the host
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

/// <summary>The API without keys and without a feed.</summary>
public sealed class QuietApiFixture() : ApiFixture(QuietApi.Create());

/// <summary>The API with a read key and an admin key (<see cref="ApiKeyTests"/>).</summary>
public sealed class KeyedApiFixture() : ApiFixture(ApiKeyTests.WithKeys());

[CollectionDefinition(Name)]
public sealed class QuietApiCollection : ICollectionFixture<QuietApiFixture>
{
    public const string Name = "quiet api";
}

[CollectionDefinition(Name)]
public sealed class KeyedApiCollection : ICollectionFixture<KeyedApiFixture>
{
    public const string Name = "keyed api";
}
