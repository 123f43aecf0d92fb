using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OrleansTicks.Deploy.Tests.Apps;

/// <summary>One of the two processes the images run (<see cref="OrleansTicks.Silo.SiloProgram"/> or the api's
/// <c>Program</c>), in memory: grain state and bars in process memory, no feed, so it starts fast and is ready
/// without a database.</summary>
public sealed class QuietAppFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:Provider", "Memory");
        builder.UseSetting("Feed:Kind", "none");
    }
}
