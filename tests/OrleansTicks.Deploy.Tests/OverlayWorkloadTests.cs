using OrleansTicks.Deploy.Tests.Apps;
using OrleansTicks.Deploy.Tests.Manifests;

namespace OrleansTicks.Deploy.Tests;

/// <summary>Every overlay under k8s/overlays, rendered with kubectl kustomize: ports, probes, selectors, resources
/// and labels hold together, and the probes' paths are paths the processes really answer.</summary>
public sealed class OverlayWorkloadTests(RunningApps apps) : IClassFixture<RunningApps>
{
    public static TheoryData<string> Overlays => RenderedOverlay.Names();

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_renders_a_silo_statefulset_and_an_api_deployment(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);

        Assert.Single(rendered.Workloads, w => w.Kind == "StatefulSet" && w.Containers.Any(c => AppImage.Of(Yaml.Str(c, "image") ?? "") == AppImage.Silo));
        Assert.Single(rendered.Workloads, w => w.Kind == "Deployment" && w.Containers.Any(c => AppImage.Of(Yaml.Str(c, "image") ?? "") == AppImage.Api));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Probe_ports_and_service_target_ports_are_container_ports(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        var errors = new List<string>();
        foreach (var workload in rendered.Workloads)
        {
            foreach (var container in workload.Containers)
            {
                foreach (var (probe, port) in HttpProbes(container).Select(p => (p.Probe, Yaml.Str(p.Get, "port"))))
                {
                    if (port is null || !HasPort(container, port))
                    {
                        errors.Add($"{workload} container {Yaml.Str(container, "name")}: {probe} port '{port}' is not one of its ports.");
                    }
                }
            }
        }

        foreach (var service in rendered.OfKind("Service"))
        {
            var selector = Yaml.StringMap(service.Root, "spec", "selector");
            var targets = rendered.Workloads.Where(w => w.PodsMatch(selector)).ToList();
            foreach (var port in Yaml.Seq(service.Root, "spec", "ports"))
            {
                var target = Yaml.Str(port, "targetPort") ?? Yaml.Str(port, "port")!;
                if (!targets.Any(w => w.Containers.Any(c => HasPort(c, target))))
                {
                    errors.Add($"{service}: targetPort '{target}' is no container port of the pods it selects ({string.Join(", ", targets)}).");
                }
            }
        }

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Probe_paths_are_paths_the_running_process_answers_with_200(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        var errors = new List<string>();
        var asked = 0;
        foreach (var workload in rendered.Workloads)
        {
            foreach (var container in workload.Containers)
            {
                if (AppImage.Of(Yaml.Str(container, "image") ?? "") is not { } app)
                {
                    continue;
                }

                foreach (var (probe, get) in HttpProbes(container))
                {
                    var path = Yaml.Str(get, "path") ?? "/";
                    using var response = await apps.Client(app).GetAsync(path);
                    asked++;
                    if (!response.IsSuccessStatusCode)
                    {
                        errors.Add($"{workload} {probe}: the {app} process answers {path} with {(int)response.StatusCode}.");
                    }
                }
            }
        }

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        Assert.True(asked >= 6, $"only {asked} HTTP probes found: silo and api each need startup, liveness and readiness probes.");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_workload_has_liveness_and_readiness_probes(string overlay)
    {
        var missing = RenderedOverlay.Get(overlay).Workloads
            .SelectMany(w => Yaml.Seq(w.PodSpec, "containers").Select(c => (Workload: w, Container: c)))
            .SelectMany(x => new[] { "livenessProbe", "readinessProbe" }
                .Where(probe => Yaml.At(x.Container, probe) is null)
                .Select(probe => $"{x.Workload} container {Yaml.Str(x.Container, "name")} has no {probe}."))
            .ToList();

        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_container_has_cpu_and_memory_requests_and_limits(string overlay)
    {
        var missing = RenderedOverlay.Get(overlay).Workloads
            .SelectMany(w => w.Containers.Select(c => (Workload: w, Container: c)))
            .SelectMany(x => from kind in new[] { "requests", "limits" }
                             from resource in new[] { "cpu", "memory" }
                             where Yaml.Str(x.Container, "resources", kind, resource) is null
                             select $"{x.Workload} container {Yaml.Str(x.Container, "name")} has no resources.{kind}.{resource}.")
            .ToList();

        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Selectors_services_budgets_and_autoscalers_point_at_existing_workloads(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        var errors = new List<string>();
        foreach (var workload in rendered.Workloads.Where(w => !w.PodsMatch(w.MatchLabels)))
        {
            errors.Add($"{workload}: selector {Format(workload.MatchLabels)} does not match its pod labels {Format(workload.PodLabels)}.");
        }

        foreach (var service in rendered.OfKind("Service").Where(s => !rendered.Workloads.Any(w => w.PodsMatch(Yaml.StringMap(s.Root, "spec", "selector")))))
        {
            errors.Add($"{service}: selector {Format(Yaml.StringMap(service.Root, "spec", "selector"))} selects no pods.");
        }

        foreach (var budget in rendered.OfKind("PodDisruptionBudget").Where(b => !rendered.Workloads.Any(w => w.PodsMatch(Yaml.StringMap(b.Root, "spec", "selector", "matchLabels")))))
        {
            errors.Add($"{budget}: selector selects no pods.");
        }

        foreach (var statefulSet in rendered.OfKind("StatefulSet"))
        {
            var serviceName = Yaml.Str(statefulSet.Root, "spec", "serviceName");
            var service = serviceName is null ? null : rendered.Find("Service", serviceName);
            if (service is null || Yaml.Str(service.Root, "spec", "clusterIP") != "None" || !statefulSet.PodsMatch(Yaml.StringMap(service.Root, "spec", "selector")))
            {
                errors.Add($"{statefulSet}: serviceName '{serviceName}' is not a headless Service that selects its pods.");
            }
        }

        foreach (var autoscaler in rendered.OfKind("HorizontalPodAutoscaler"))
        {
            var target = Yaml.At(autoscaler.Root, "spec", "scaleTargetRef");
            if (rendered.Find(Yaml.Str(target, "kind") ?? "", Yaml.Str(target, "name") ?? "") is not { IsWorkload: true })
            {
                errors.Add($"{autoscaler}: scaleTargetRef {Yaml.Str(target, "kind")}/{Yaml.Str(target, "name")} does not exist.");
            }

            if (Yaml.Str(autoscaler.Root, "apiVersion") != "autoscaling/v2"
                || !Yaml.Seq(autoscaler.Root, "spec", "metrics").Any(m => Yaml.Str(m, "resource", "name") == "cpu"))
            {
                errors.Add($"{autoscaler}: must be autoscaling/v2 scaling on CPU.");
            }

            if (Yaml.Int(autoscaler.Root, "spec", "minReplicas") is not { } min || Yaml.Int(autoscaler.Root, "spec", "maxReplicas") is not { } max || min < 1 || min > max)
            {
                errors.Add($"{autoscaler}: needs 1 <= minReplicas <= maxReplicas.");
            }
        }

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Objects_carry_the_app_kubernetes_io_labels(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        var errors = new List<string>();
        foreach (var manifest in rendered.Manifests)
        {
            // Every object belongs to the app; those of one component (workloads and what points at them) say which.
            errors.AddRange(MissingLabels(manifest.Id, manifest.Labels, manifest.Kind is "Namespace" or "ConfigMap" or "Secret"
                ? ["app.kubernetes.io/part-of"]
                : ["app.kubernetes.io/part-of", "app.kubernetes.io/name", "app.kubernetes.io/component"]));
            if (manifest.IsWorkload)
            {
                errors.AddRange(MissingLabels($"{manifest.Id} pod template", manifest.PodLabels, ["app.kubernetes.io/part-of", "app.kubernetes.io/name", "app.kubernetes.io/component"]));
            }
        }

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    internal static IEnumerable<(string Probe, object Get)> HttpProbes(object container) =>
        new[] { "startupProbe", "livenessProbe", "readinessProbe" }
            .Select(probe => (Probe: probe, Get: Yaml.At(container, probe, "httpGet")))
            .Where(x => x.Get is not null)
            .Select(x => (x.Probe, x.Get!));

    /// <summary>Whether <paramref name="port"/> (a number or a port name) is one of the container's ports.</summary>
    internal static bool HasPort(object container, string port) =>
        Yaml.Seq(container, "ports").Any(p => Yaml.Str(p, "name") == port || Yaml.Str(p, "containerPort") == port);

    private static IEnumerable<string> MissingLabels(string what, IReadOnlyDictionary<string, string> labels, string[] required) =>
        required.Where(label => !labels.TryGetValue(label, out var value) || value.Length == 0).Select(label => $"{what} has no label {label}.");

    private static string Format(IReadOnlyDictionary<string, string> labels) => "{" + string.Join(", ", labels.Select(p => $"{p.Key}={p.Value}")) + "}";
}
