namespace OrleansTicks.TestKit.Live;

/// <summary>Where the JavaScript hub clients are: tests/js in the repository (found by walking up to OrleansTicks.sln),
/// with its node_modules installed by <c>npm ci</c> (scripts/test.sh does it).</summary>
public static class JsTests
{
    private static readonly Lazy<string> Location = new(Find);

    public static string Directory => Location.Value;

    private static string Find()
    {
        var js = RepositoryRoot.Path("tests", "js");
        return System.IO.Directory.Exists(Path.Combine(js, "node_modules", "@microsoft", "signalr"))
            ? js
            : throw new InvalidOperationException($"{js}/node_modules is missing: run `npm ci` in {js} (scripts/test.sh does).");
    }
}
