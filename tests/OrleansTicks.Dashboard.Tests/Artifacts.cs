namespace OrleansTicks.Dashboard.Tests;

/// <summary>Where the tests leave files for a person to look at: <c>artifacts/dashboard</c> at the repository root
/// (gitignored), found by walking up to OrleansTicks.sln.</summary>
internal static class Artifacts
{
    private static readonly Lazy<string> Location = new(Find);

    public static string Directory => Location.Value;

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansTicks.sln")))
            {
                return System.IO.Directory.CreateDirectory(Path.Combine(dir.FullName, "artifacts", "dashboard")).FullName;
            }
        }

        throw new InvalidOperationException($"No OrleansTicks.sln above {AppContext.BaseDirectory}.");
    }
}
