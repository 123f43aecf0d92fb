namespace OrleansTicks.Dashboard.Tests;

/// <summary>The dashboard tests share one server and one browser, and run one after another: one of them restarts the
/// server.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
