using Microsoft.Extensions.Hosting;

namespace OrleansTicks.Silo;

/// <summary>A silo-only process. Embedded mode (the default) co-hosts the silo in api/ instead; this host becomes
/// the cluster-mode silo once the RabbitMQ transport exists (docs/ARCHITECTURE.md, "Cluster mode"). A named
/// class rather than top-level statements, so that it does not clash with api's public <c>Program</c>.</summary>
internal static class SiloProgram
{
    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddTicksSilo();
        await builder.Build().RunAsync();
    }
}
