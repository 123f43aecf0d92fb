using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OrleansTicks.Deploy.Tests.Manifests;

/// <summary>Renders a kustomization with <c>kubectl kustomize</c>, offline. kubectl is not installable from this
/// machine's Debian feed in a usable version (Debian's <c>kubernetes-client</c> is 1.20 with kustomize v2, too old
/// for <c>labels:</c> and <c>replicas:</c>), so a missing or old kubectl fails the test with what to install rather
/// than skipping it.</summary>
internal static partial class Kustomize
{
    /// <summary>The oldest kustomize that renders these manifests (kubectl 1.27 and later embed v5).</summary>
    public const int MinimumMajorVersion = 5;

    private static readonly Lazy<string> LazyKubectl = new(FindKubectl);

    public static string Render(string directory)
    {
        var (exitCode, output, error) = Run(LazyKubectl.Value, "kustomize", directory);
        return exitCode == 0
            ? output
            : throw new InvalidOperationException($"kubectl kustomize {directory} failed ({exitCode}): {error}");
    }

    private static string FindKubectl()
    {
        var configured = Environment.GetEnvironmentVariable("KUBECTL");
        var kubectl = (string.IsNullOrEmpty(configured)
                ? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator).Select(directory => System.IO.Path.Combine(directory, "kubectl"))
                : [configured])
            .FirstOrDefault(File.Exists);
        if (kubectl is null)
        {
            throw new InvalidOperationException(
                $"kubectl is not {(string.IsNullOrEmpty(configured) ? "on PATH" : $"at KUBECTL={configured}")}: the render test needs kubectl 1.27 or later (kustomize v5) to render k8s/overlays offline. " +
                "Debian's kubernetes-client package (kubectl 1.20, kustomize v2) is too old; install kubectl from " +
                "https://kubernetes.io/docs/tasks/tools/ (or set KUBECTL to its path).");
        }

        var (exitCode, output, error) = Run(kubectl, "version", "--client");
        var match = KustomizeVersion().Match(output);
        if (exitCode != 0 || !match.Success)
        {
            throw new InvalidOperationException($"'{kubectl} version --client' did not report a kustomize version ({exitCode}): {output} {error}");
        }

        var major = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return major >= MinimumMajorVersion
            ? kubectl
            : throw new InvalidOperationException($"{kubectl} embeds kustomize v{major}; the manifests need v{MinimumMajorVersion} (kubectl 1.27 or later).");
    }

    private static (int ExitCode, string Output, string Error) Run(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.GetAwaiter().GetResult());
    }

    [GeneratedRegex(@"Kustomize Version:\s*v(\d+)\.")]
    private static partial Regex KustomizeVersion();
}
