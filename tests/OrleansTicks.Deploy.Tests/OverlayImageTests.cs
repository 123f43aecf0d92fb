using OrleansTicks.Deploy.Tests.Apps;
using OrleansTicks.Deploy.Tests.Manifests;

namespace OrleansTicks.Deploy.Tests;

/// <summary>The images the overlays run are the two the Dockerfiles build, with the registry and tag of the
/// overlay's <c>images:</c> transformer; third-party images are pinned.</summary>
public sealed class OverlayImageTests
{
    public static TheoryData<string> Overlays => RenderedOverlay.Names();

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_sets_the_tag_of_each_dockerfile_image_and_the_containers_run_it(string overlay)
    {
        var rendered = RenderedOverlay.Get(overlay);
        var entries = Yaml.Seq(rendered.Kustomization, "images");
        var errors = new List<string>();
        foreach (var stray in entries.Select(e => Yaml.Str(e, "name")!).Where(name => AppImage.All.All(app => app.ImageName != name)))
        {
            errors.Add($"{overlay}/kustomization.yaml: images entry '{stray}' is not an image a Dockerfile builds ({string.Join(", ", AppImage.All.Select(a => a.ImageName))}).");
        }

        foreach (var app in AppImage.All)
        {
            var entry = entries.SingleOrDefault(e => Yaml.Str(e, "name") == app.ImageName);
            var tag = Yaml.Str(entry, "newTag");
            if (entry is null || tag is null or "latest")
            {
                errors.Add($"{overlay}/kustomization.yaml: needs an images entry for {app.ImageName} with a newTag other than latest.");
                continue;
            }

            var expected = $"{Yaml.Str(entry, "newName") ?? app.ImageName}:{tag}";
            var running = OverlayConfigurationTests.AppContainers(rendered).Where(x => x.App == app).Select(x => Yaml.Str(x.Container, "image")).ToList();
            if (running.Count == 0 || running.Any(image => image != expected))
            {
                errors.Add($"{overlay}: containers of {app} run [{string.Join(", ", running)}], not {expected}.");
            }
        }

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Container_ports_are_the_ports_the_images_expose(string overlay)
    {
        var errors = new List<string>();
        foreach (var (workload, container, app) in OverlayConfigurationTests.AppContainers(RenderedOverlay.Get(overlay)))
        {
            var exposed = app.Dockerfile.ExposedPorts;
            var declared = Yaml.Seq(container, "ports").Select(p => Yaml.Int(p, "containerPort")).ToList();
            if (declared.Count == 0 || declared.Any(port => port is null || !exposed.Contains(port.Value)))
            {
                errors.Add($"{workload}: container ports [{string.Join(", ", declared)}] are not the ports {app.Dockerfile} exposes [{string.Join(", ", exposed)}].");
            }
        }

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Third_party_images_are_pinned_to_a_version(string overlay)
    {
        var unpinned = RenderedOverlay.Get(overlay).Workloads
            .SelectMany(w => w.Containers.Select(c => Yaml.Str(c, "image")!))
            .Where(image => AppImage.Of(image) is null)
            .Where(image => AppImage.TagOf(image) is not { } tag || tag == "latest" || !tag.Any(char.IsAsciiDigit) || !tag.Contains('.', StringComparison.Ordinal))
            .ToList();

        Assert.True(unpinned.Count == 0, $"{overlay}: images without a version tag: {string.Join(", ", unpinned)}");
    }
}
