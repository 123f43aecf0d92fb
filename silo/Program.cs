using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using OrleansTicks.Silo.Hosting;

namespace OrleansTicks.Silo;

/// <summary>A silo-only process: the silo, plus <c>/health/live</c>, <c>/health/ready</c> and <c>/metrics</c> on its
/// own HTTP port for Kubernetes' probes and Prometheus (<see cref="SiloUrls"/>). With <c>Cluster:Mode=rabbitmq</c> it
/// is a silo of the cluster (docs/CLUSTER.md); in one-process mode (the default) the api co-hosts the silo and this
/// process is not needed. A named class rather than top-level statements, so that it does not
/// clash with api's public <c>Program</c>; public and not static, for <c>WebApplicationFactory</c> in tests.</summary>
public sealed class SiloProgram
{
    private SiloProgram()
    {
    }

    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (!SiloUrls.IsConfigured(builder.Configuration))
        {
            builder.WebHost.UseUrls(SiloUrls.LoopbackUrl);
        }

        builder.AddTicksSilo();
        builder.AddTicksMetrics();

        var app = builder.Build();
        app.MapTicksHealth();
        app.MapTicksMetrics();
        await app.RunAsync();
    }
}
