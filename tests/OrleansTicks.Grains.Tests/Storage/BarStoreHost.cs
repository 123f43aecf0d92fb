using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace OrleansTicks.Grains.Tests.Storage;

/// <summary>A bare host with <c>AddBarStore</c> over the given settings, as an application would set it up.</summary>
internal static class BarStoreHost
{
    public static IHost Build(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.Services.AddBarStore(builder.Configuration);
        return builder.Build();
    }

    /// <summary>The report of the checks tagged <c>ready</c>.</summary>
    public static Task<HealthReport> CheckReadinessAsync(IHost host) =>
        host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Tags.Contains(SiloHealthCheckExtensions.ReadyTag));
}
