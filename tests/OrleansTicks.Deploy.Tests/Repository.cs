namespace OrleansTicks.Deploy.Tests;

/// <summary>Paths in the repository the tests check (the manifests and Dockerfiles are read from the source tree,
/// not copied to the output).</summary>
internal static class Repository
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "OrleansTicks.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No OrleansTicks.sln above {AppContext.BaseDirectory}: the tests read k8s/ and the Dockerfiles from the repository.");
    }
}
