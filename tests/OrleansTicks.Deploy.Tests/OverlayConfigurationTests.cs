using OrleansTicks.Deploy.Tests.Apps;
using OrleansTicks.Deploy.Tests.Configuration;
using OrleansTicks.Deploy.Tests.Manifests;
using OrleansTicks.Runtime.Hosting;
using OrleansTicks.TestKit;

namespace OrleansTicks.Deploy.Tests;

/// <summary>Every setting the overlays give the silo and api containers is one the application reads, every Secret
/// key they reference exists, and the silos get their id and enough time to leave.</summary>
public sealed class OverlayConfigurationTests
{
    private static readonly Dictionary<AppImage, ConfigurationKeyCatalog> Catalogs = AppImage.All.ToDictionary(app => app, app => ConfigurationKeyCatalog.Of(app.EntryAssembly));

    private static readonly Lazy<Manifest> SecretTemplate = new(() =>
        Manifest.From(Yaml.Documents(File.ReadAllText(RepositoryRoot.Path("k8s", "base", "secret.template.yaml"))).Single()));

    public static TheoryData<string> Overlays => RenderedOverlay.Names();

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Configuration_keys_given_to_the_silo_and_api_exist_in_the_application(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        var errors = new List<string>();
        foreach (var (workload, container, app) in AppContainers(rendered))
        {
            foreach (var name in EnvironmentNames(rendered, container))
            {
                var key = ConfigurationKeyCatalog.FromEnvironmentName(name);
                if (!Catalogs[app].Contains(key))
                {
                    errors.Add($"{workload} container {Yaml.Str(container, "name")}: {name} sets {key}, which the {app} process does not read.");
                }
            }
        }

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors) +
            $"{Environment.NewLine}Sections in the code: {string.Join(", ", Catalogs[AppImage.Api].Sections.Order(StringComparer.Ordinal))}; " +
            $"connection strings: {string.Join(", ", Catalogs[AppImage.Api].ConnectionStringNames.Order(StringComparer.Ordinal))}.");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Secret_keys_the_containers_reference_exist_in_the_secret_and_its_template(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        var templateKeys = Yaml.StringMap(SecretTemplate.Value.Root, "stringData").Keys.ToHashSet(StringComparer.Ordinal);
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var workload in rendered.Workloads)
        {
            foreach (var reference in workload.Containers.SelectMany(c => Yaml.Seq(c, "env")).Select(e => Yaml.At(e, "valueFrom", "secretKeyRef")).OfType<object>())
            {
                var (name, key) = (Yaml.Str(reference, "name")!, Yaml.Str(reference, "key")!);
                referenced.Add(key);
                var secret = rendered.Find("Secret", name);
                if (secret is null && name != SecretTemplate.Value.Name)
                {
                    errors.Add($"{workload}: Secret '{name}' is neither rendered nor the one secret.template.yaml describes ({SecretTemplate.Value.Name}).");
                }
                else if (!templateKeys.Contains(key) || (secret is not null && !Yaml.StringMap(secret.Root, "data").ContainsKey(key)))
                {
                    errors.Add($"{workload}: key '{key}' of Secret '{name}' is missing from {(secret is null ? "secret.template.yaml" : "the rendered Secret or secret.template.yaml")}.");
                }
            }
        }

        errors.AddRange(templateKeys.Except(referenced).Select(key => $"secret.template.yaml has key '{key}', which no container of {overlay} uses."));
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Silo_id_is_the_pod_name_and_the_grace_period_outlasts_the_shutdown_timeout(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        var (silo, container, _) = Assert.Single(AppContainers(rendered), x => x.App == AppImage.Silo);

        Assert.Equal("StatefulSet", silo.Kind);
        var siloId = Assert.Single(Yaml.Seq(container, "env"), e => ConfigurationKeyCatalog.FromEnvironmentName(Yaml.Str(e, "name")!) == "Cluster:SiloId");
        Assert.Equal("metadata.name", Yaml.Str(siloId, "valueFrom", "fieldRef", "fieldPath"));

        var configured = EnvironmentValues(rendered, container).GetValueOrDefault("Silo:ShutdownTimeout");
        var shutdown = configured is null ? new SiloOptions().ShutdownTimeout : TimeSpan.Parse(configured, System.Globalization.CultureInfo.InvariantCulture);
        var grace = TimeSpan.FromSeconds(Yaml.Int(silo.PodSpec, "terminationGracePeriodSeconds") ?? 30);
        Assert.True(grace >= shutdown + TimeSpan.FromSeconds(10),
            $"{silo}: terminationGracePeriodSeconds ({grace.TotalSeconds} s) must outlast Silo:ShutdownTimeout ({shutdown}) by 10 s, or a leaving silo is killed mid-handover.");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Api_node_id_is_the_pod_name(string overlay)
    {
        // Every node of a cluster, api nodes too, needs an id unique among the live nodes: its own queue and its
        // observers are named by it.
        var (_, container, _) = Assert.Single(AppContainers(RenderedOverlay.Get(overlay)), x => x.App == AppImage.Api);
        var nodeId = Assert.Single(Yaml.Seq(container, "env"), e => ConfigurationKeyCatalog.FromEnvironmentName(Yaml.Str(e, "name")!) == "Cluster:SiloId");
        Assert.Equal("metadata.name", Yaml.Str(nodeId, "valueFrom", "fieldRef", "fieldPath"));
    }

    [Fact]
    public void Production_runs_three_silos_and_at_least_two_api_nodes()
    {
        var rendered = RenderedOverlay.Get("production");
        var silo = Assert.Single(AppContainers(rendered), x => x.App == AppImage.Silo).Workload;
        var api = Assert.Single(AppContainers(rendered), x => x.App == AppImage.Api).Workload;
        var autoscaler = Assert.Single(rendered.OfKind("HorizontalPodAutoscaler"), h => Yaml.Str(h.Root, "spec", "scaleTargetRef", "name") == api.Name);

        Assert.Equal(3, Yaml.Int(silo.Root, "spec", "replicas"));
        Assert.True(Yaml.Int(api.Root, "spec", "replicas") >= 2);
        Assert.True(Yaml.Int(autoscaler.Root, "spec", "minReplicas") >= 2);
    }

    internal static IEnumerable<(Manifest Workload, object Container, AppImage App)> AppContainers(RenderedOverlay rendered) =>
        from workload in rendered.Workloads
        from container in workload.Containers
        let app = AppImage.Of(Yaml.Str(container, "image") ?? "")
        where app is not null
        select (workload, container, app);

    /// <summary>The environment variable names a container gets: its env entries and every key of the ConfigMaps and
    /// Secrets it takes whole (envFrom).</summary>
    private static IEnumerable<string> EnvironmentNames(RenderedOverlay rendered, object container) =>
        Yaml.Seq(container, "env").Select(e => Yaml.Str(e, "name")!)
            .Concat(Yaml.Seq(container, "envFrom").SelectMany(source => EnvFromKeys(rendered, source).Keys));

    private static Dictionary<string, string> EnvironmentValues(RenderedOverlay rendered, object container)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in Yaml.Seq(container, "envFrom").SelectMany(source => EnvFromKeys(rendered, source)))
        {
            values[ConfigurationKeyCatalog.FromEnvironmentName(name)] = value;
        }

        foreach (var entry in Yaml.Seq(container, "env").Where(e => Yaml.Str(e, "value") is not null))
        {
            values[ConfigurationKeyCatalog.FromEnvironmentName(Yaml.Str(entry, "name")!)] = Yaml.Str(entry, "value")!;
        }

        return values;
    }

    private static IReadOnlyDictionary<string, string> EnvFromKeys(RenderedOverlay rendered, object source)
    {
        if (Yaml.Str(source, "configMapRef", "name") is { } configMap)
        {
            return Yaml.StringMap((rendered.Find("ConfigMap", configMap)
                ?? throw new InvalidOperationException($"envFrom names ConfigMap '{configMap}', which {rendered.Name} does not render.")).Root, "data");
        }

        var secret = Yaml.Str(source, "secretRef", "name") ?? throw new InvalidOperationException("envFrom without configMapRef or secretRef.");
        return Yaml.StringMap((rendered.Find("Secret", secret) ?? SecretTemplate.Value).Root, rendered.Find("Secret", secret) is null ? "stringData" : "data");
    }
}
