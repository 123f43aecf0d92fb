using System.Reflection;
using System.Runtime.Versioning;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using OrleansTicks.Deploy.Tests.Apps;
using OrleansTicks.TestKit;

namespace OrleansTicks.Deploy.Tests;

/// <summary>silo/Dockerfile and api/Dockerfile, read as text (no Docker engine here builds them): pinned base
/// images, the right entry assembly, a non-root user, and a build context that holds what the build needs.</summary>
public sealed partial class DockerfileTests
{
    public static TheoryData<string> Apps => [.. AppImage.All.Select(app => app.Folder)];

    [Theory]
    [MemberData(nameof(Apps))]
    public void Image_runs_the_entry_assembly_as_a_non_root_user_without_a_healthcheck(string folder)
    {
        var app = AppImage.All.Single(a => a.Folder == folder);
        var dockerfile = app.Dockerfile;

        Assert.Equal(["dotnet", $"{app.EntryAssembly.GetName().Name}.dll"], dockerfile.Entrypoint);
        var user = Assert.Single(dockerfile.FinalStage, i => i.Keyword == "USER").Arguments;
        Assert.DoesNotContain(user.Split(':')[0], new[] { "root", "0" });
        Assert.DoesNotContain(dockerfile.Instructions, i => i.Keyword == "HEALTHCHECK");
        Assert.Matches(@"^[a-z0-9]+(?:[._/-][a-z0-9]+)*$", app.ImageName);
    }

    [Fact]
    public void The_two_images_have_different_names()
    {
        Assert.Equal(AppImage.All.Count, AppImage.All.Select(app => app.ImageName).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void Base_images_are_pinned_to_full_versions_matching_global_json_and_the_target_framework(string folder)
    {
        var app = AppImage.All.Single(a => a.Folder == folder);
        var images = app.Dockerfile.BaseImages;
        var errors = images.Where(image => AppImage.TagOf(image) is not { } tag || !FullVersion().IsMatch(tag))
            .Select(image => $"{app.Dockerfile}: base image {image} is not pinned to a full version (x.y.z).").ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));

        using var globalJson = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Path("global.json")));
        var sdk = Version.Parse(globalJson.RootElement.GetProperty("sdk").GetProperty("version").GetString()!);
        var sdkImage = Version.Parse(AppImage.TagOf(Assert.Single(images, i => AppImage.RepositoryOf(i) == "mcr.microsoft.com/dotnet/sdk"))!.Split('-')[0]);
        Assert.True(sdkImage.Major == sdk.Major && sdkImage.Minor == sdk.Minor && sdkImage >= sdk,
            $"{app.Dockerfile}: SDK image {sdkImage} does not satisfy global.json's {sdk} (same major.minor, same or later feature band).");

        var framework = new FrameworkName(app.EntryAssembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName).Version;
        var runtimeImage = Assert.Single(app.Dockerfile.FinalStage, i => i.Keyword == "FROM").Words[0];
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet", AppImage.RepositoryOf(runtimeImage));
        var runtime = Version.Parse(AppImage.TagOf(runtimeImage)!.Split('-')[0]);
        Assert.True(runtime.Major == framework.Major && runtime.Minor == framework.Minor,
            $"{app.Dockerfile}: runtime image {runtime} does not run {app.EntryAssembly.GetName().Name}, built for .NET {framework}.");
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void Exposed_port_is_the_port_the_image_tells_aspnetcore_to_listen_on(string folder)
    {
        var dockerfile = AppImage.All.Single(a => a.Folder == folder).Dockerfile;

        var exposed = Assert.Single(dockerfile.ExposedPorts);
        Assert.Equal(exposed.ToString(System.Globalization.CultureInfo.InvariantCulture), dockerfile.Env("ASPNETCORE_HTTP_PORTS"));
    }

    [Fact]
    public void Silo_image_port_is_the_silo_default_port()
    {
        Assert.Equal(OrleansTicks.Silo.Hosting.SiloUrls.Port, Assert.Single(AppImage.Silo.Dockerfile.ExposedPorts));
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void Restore_layer_copies_every_project_the_entry_project_references(string folder)
    {
        var app = AppImage.All.Single(a => a.Folder == folder);
        var entry = Directory.GetFiles(RepositoryRoot.Path(folder), "*.csproj").Single();

        var copied = app.Dockerfile.Instructions.Where(i => i.Keyword == "COPY" && !i.Arguments.StartsWith("--", StringComparison.Ordinal))
            .SelectMany(i => i.Words[..^1])
            .Where(source => source.EndsWith(".csproj", StringComparison.Ordinal))
            .Select(source => Path.GetFullPath(RepositoryRoot.Path(source)))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(ProjectClosure(entry).Order(StringComparer.Ordinal), copied.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void Copied_sources_exist_and_are_not_excluded_by_dockerignore(string folder)
    {
        var dockerfile = AppImage.All.Single(a => a.Folder == folder).Dockerfile;
        var ignored = File.ReadAllLines(RepositoryRoot.Path(".dockerignore"))
            .Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')).ToList();

        var errors = new List<string>();
        foreach (var source in dockerfile.Instructions.Where(i => i.Keyword == "COPY" && !i.Arguments.StartsWith("--", StringComparison.Ordinal)).SelectMany(i => i.Words[..^1]))
        {
            var path = RepositoryRoot.Path(source);
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                errors.Add($"{dockerfile}: COPY {source}: no such file or folder in the repository.");
            }

            var relative = source.TrimEnd('/');
            errors.AddRange(ignored.Where(pattern => pattern.TrimEnd('/') == relative || relative.StartsWith(pattern.TrimEnd('/') + "/", StringComparison.Ordinal))
                .Select(pattern => $"{dockerfile}: COPY {source} is excluded by .dockerignore's '{pattern}'."));
        }

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains("**/node_modules/", ignored);
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void Build_stage_has_npm_when_the_build_runs_npm(string folder)
    {
        var app = AppImage.All.Single(a => a.Folder == folder);
        var entry = Directory.GetFiles(RepositoryRoot.Path(folder), "*.csproj").Single();
        var runsNpm = XDocument.Load(entry).Descendants("Import")
            .Select(import => Path.Combine(Path.GetDirectoryName(entry)!, import.Attribute("Project")!.Value))
            .Any(targets => File.Exists(targets) && File.ReadAllText(targets).Contains("npm ci", StringComparison.Ordinal));

        var publish = app.Dockerfile.Instructions.ToList().FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.True(publish > 0, $"{app.Dockerfile} has no RUN dotnet publish.");
        var providesNpm = app.Dockerfile.Instructions.Take(publish).Any(i => i.Keyword == "RUN" && i.Arguments.Contains("npm", StringComparison.Ordinal));
        Assert.True(!runsNpm || providesNpm, $"{app.Dockerfile}: the build of {Path.GetFileName(entry)} runs npm ci, but no step before dotnet publish provides npm.");
    }

    private static HashSet<string> ProjectClosure(string project)
    {
        var closure = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var next))
        {
            if (!closure.Add(next))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(next).Descendants("ProjectReference"))
            {
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(next)!, reference.Attribute("Include")!.Value)));
            }
        }

        return closure;
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+(?:-[a-z0-9.-]+)?$")]
    private static partial Regex FullVersion();
}
