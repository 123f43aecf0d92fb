namespace OrleansTicks.TestKit;

/// <summary>The repository's root (the directory with OrleansTicks.sln), found by walking up from the test's output:
/// tests read sources, scripts, built dlls and installed packages from the tree, not copies.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Location = new(Find);

    /// <summary>The root directory.</summary>
    public static string Directory => Location.Value;

    /// <summary>A path under the root.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Directory, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "OrleansTicks.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No OrleansTicks.sln above {AppContext.BaseDirectory}: the tests read files of the repository.");
    }
}
