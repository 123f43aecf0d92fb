using Microsoft.Extensions.Configuration;

namespace OrleansTicks.Silo.Hosting;

/// <summary>Where the silo-only process serves health and metrics. Unconfigured, it listens on loopback only, so a
/// developer's silo is not reachable from the network; a container sets <c>ASPNETCORE_HTTP_PORTS</c> (the silo
/// image: 8081 on every interface) or <c>ASPNETCORE_URLS</c>, and then that wins.</summary>
internal static class SiloUrls
{
    /// <summary>The port of the silo's HTTP endpoints, in the container and on a developer's machine alike.</summary>
    public const int Port = 8081;

    /// <summary>The address used when nothing else is configured.</summary>
    public static readonly string LoopbackUrl = $"http://127.0.0.1:{Port}";

    /// <summary>Whether configuration already says where to listen: <c>urls</c> (<c>ASPNETCORE_URLS</c>,
    /// <c>--urls</c>), <c>http_ports</c>/<c>https_ports</c> (<c>ASPNETCORE_HTTP_PORTS</c>, ...) or Kestrel
    /// endpoints.</summary>
    public static bool IsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["http_ports"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
    }
}
