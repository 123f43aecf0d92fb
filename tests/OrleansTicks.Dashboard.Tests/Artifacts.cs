using OrleansTicks.TestKit;

namespace OrleansTicks.Dashboard.Tests;

/// <summary>Where the tests leave files for a person to look at: <c>artifacts/dashboard</c> at the repository root
/// (gitignored), found by walking up to OrleansTicks.sln.</summary>
internal static class Artifacts
{
    private static readonly Lazy<string> Location = new(Find);

    public static string Directory => Location.Value;

    private static string Find() => System.IO.Directory.CreateDirectory(RepositoryRoot.Path("artifacts", "dashboard")).FullName;
}
