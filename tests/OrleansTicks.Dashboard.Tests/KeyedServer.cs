namespace OrleansTicks.Dashboard.Tests;

/// <summary>A second server, with a read key and an admin key configured, for <see cref="KeyTests"/>.</summary>
public sealed class KeyedServer : IAsyncLifetime
{
    public const string ReadKey = "dashboard-read-key-0123456789";
    public const string AdminKey = "dashboard-admin-key-0123456789";

    public DashboardServer Server { get; } = new(new Dictionary<string, string?>
    {
        ["Auth:ApiKeys:0:Name"] = "reader",
        ["Auth:ApiKeys:0:Key"] = ReadKey,
        ["Auth:ApiKeys:0:Role"] = "read",
        ["Auth:ApiKeys:1:Name"] = "admin",
        ["Auth:ApiKeys:1:Key"] = AdminKey,
        ["Auth:ApiKeys:1:Role"] = "admin",
    });

    public Task InitializeAsync() => Server.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
