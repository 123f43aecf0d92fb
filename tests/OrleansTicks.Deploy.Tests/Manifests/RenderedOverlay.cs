using System.Collections.Concurrent;
using OrleansTicks.TestKit;

namespace OrleansTicks.Deploy.Tests.Manifests;

/// <summary>An overlay under k8s/overlays rendered by kustomize, with its own kustomization.yaml (for its
/// <c>images:</c> transformer). Rendered once per test run.</summary>
internal sealed class RenderedOverlay
{
    private static readonly ConcurrentDictionary<string, Lazy<RenderedOverlay>> Cache = new(StringComparer.Ordinal);

    private RenderedOverlay(string name)
    {
        Name = name;
        Directory = RepositoryRoot.Path("k8s", "overlays", name);
        Kustomization = Yaml.Documents(File.ReadAllText(System.IO.Path.Combine(Directory, "kustomization.yaml"))).Single();
        Manifests = [.. Yaml.Documents(Kustomize.Render(Directory)).Select(Manifest.From)];
    }

    public string Name { get; }

    public string Directory { get; }

    public object Kustomization { get; }

    public IReadOnlyList<Manifest> Manifests { get; }

    public IEnumerable<Manifest> Workloads => Manifests.Where(m => m.IsWorkload);

    /// <summary>Every directory under k8s/overlays: the tests skip none.</summary>
    public static IReadOnlyList<string> AllNames() =>
        [.. System.IO.Directory.GetDirectories(RepositoryRoot.Path("k8s", "overlays")).Select(System.IO.Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary><see cref="AllNames"/> as theory data.</summary>
    public static TheoryData<string> Names() => [.. AllNames()];

    public static RenderedOverlay Get(string name) => Cache.GetOrAdd(name, n => new Lazy<RenderedOverlay>(() => new RenderedOverlay(n))).Value;

    public Manifest? Find(string kind, string name) => Manifests.FirstOrDefault(m => m.Kind == kind && m.Name == name);

    public IEnumerable<Manifest> OfKind(string kind) => Manifests.Where(m => m.Kind == kind);
}
