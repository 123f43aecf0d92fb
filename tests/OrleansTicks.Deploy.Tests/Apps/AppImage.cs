using System.Reflection;
using OrleansTicks.Deploy.Tests.Docker;
using OrleansTicks.TestKit;

namespace OrleansTicks.Deploy.Tests.Apps;

/// <summary>One of the two images this repository builds: the folder of its Dockerfile, the assembly it runs, and
/// the image name the Dockerfile declares (<c>LABEL org.opencontainers.image.title</c>), which the manifests use.</summary>
internal sealed class AppImage
{
    public const string TitleLabel = "org.opencontainers.image.title";

    private readonly Lazy<Dockerfile> _dockerfile;

    private AppImage(string folder, Assembly entryAssembly)
    {
        Folder = folder;
        EntryAssembly = entryAssembly;
        _dockerfile = new(() => Dockerfile.Read(RepositoryRoot.Path(folder, "Dockerfile")));
    }

    public static AppImage Silo { get; } = new("silo", typeof(OrleansTicks.Silo.SiloProgram).Assembly);

    public static AppImage Api { get; } = new("api", typeof(Program).Assembly);

    public static IReadOnlyList<AppImage> All { get; } = [Silo, Api];

    public string Folder { get; }

    public Assembly EntryAssembly { get; }

    public Dockerfile Dockerfile => _dockerfile.Value;

    public string ImageName => Dockerfile.Label(TitleLabel)
        ?? throw new InvalidOperationException($"{Dockerfile} declares no LABEL {TitleLabel}: the image name the manifests use.");

    /// <summary>The app whose image <paramref name="image"/> is (any registry, any tag), or null for a third-party one.</summary>
    public static AppImage? Of(string image)
    {
        var repository = RepositoryOf(image);
        return All.FirstOrDefault(app => repository == app.ImageName || repository.EndsWith("/" + app.ImageName, StringComparison.Ordinal));
    }

    /// <summary>The image without its tag or digest.</summary>
    public static string RepositoryOf(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? image : image[..at];
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? name[..colon] : name;
    }

    /// <summary>The tag of <paramref name="image"/>, or null.</summary>
    public static string? TagOf(string image)
    {
        var name = image.Split('@')[0];
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? name[(colon + 1)..] : null;
    }

    public override string ToString() => Folder;
}
