namespace OrleansTicks.Deploy.Tests.Manifests;

/// <summary>One rendered Kubernetes object.</summary>
internal sealed record Manifest(string Kind, string Name, object Root)
{
    public static Manifest From(object document) => new(
        Yaml.Str(document, "kind") ?? throw new InvalidOperationException("A rendered document has no kind."),
        Yaml.Str(document, "metadata", "name") ?? throw new InvalidOperationException("A rendered document has no metadata.name."),
        document);

    public bool IsWorkload => Kind is "Deployment" or "StatefulSet";

    public string Id => $"{Kind}/{Name}";

    public IReadOnlyDictionary<string, string> Labels => Yaml.StringMap(Root, "metadata", "labels");

    public object? PodSpec => Yaml.At(Root, "spec", "template", "spec");

    public IReadOnlyDictionary<string, string> PodLabels => Yaml.StringMap(Root, "spec", "template", "metadata", "labels");

    /// <summary>Init containers and containers of a workload's pod template.</summary>
    public IEnumerable<object> Containers => Yaml.Seq(PodSpec, "initContainers").Concat(Yaml.Seq(PodSpec, "containers"));

    public IReadOnlyDictionary<string, string> MatchLabels => Yaml.StringMap(Root, "spec", "selector", "matchLabels");

    /// <summary>Whether every label of <paramref name="selector"/> is on this workload's pods.</summary>
    public bool PodsMatch(IReadOnlyDictionary<string, string> selector) =>
        IsWorkload && selector.Count > 0 && selector.All(pair => PodLabels.TryGetValue(pair.Key, out var value) && value == pair.Value);

    public override string ToString() => Id;
}
