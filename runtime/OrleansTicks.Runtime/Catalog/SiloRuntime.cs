using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansTicks.Runtime.Calls;
using OrleansTicks.Runtime.Diagnostics;
using OrleansTicks.Runtime.Hosting;
using OrleansTicks.Runtime.Streams;

namespace OrleansTicks.Runtime.Catalog;

/// <summary>Where a silo is in its life.</summary>
internal enum SiloStatus
{
    Running,

    /// <summary>Shutting down: no new activations; existing ones finish and deactivate.</summary>
    Stopping,

    /// <summary>Shut down: every call fails with <see cref="SiloUnavailableException"/>.</summary>
    Stopped,
}

/// <summary>The services every part of the runtime shares: options, clock, logger, the catalog and the grain
/// manifest. One per silo.</summary>
internal sealed class SiloRuntime
{
    private volatile SiloStatus _status = SiloStatus.Running;

    public SiloRuntime(IServiceProvider services, IOptions<SiloOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory, GrainTypeManifest manifest)
    {
        Services = services;
        Options = options.Value;
        TimeProvider = timeProvider;
        Logger = loggerFactory.CreateLogger("OrleansTicks.Runtime");
        Manifest = manifest;
        Catalog = new Catalog(this);
        Metrics = new RuntimeMetrics(services.GetRequiredService<IMeterFactory>(), Catalog);
        LocalRouter = new LocalCallRouter(Catalog);
        var cluster = services.GetService<IClusterRouting>();
        NodeId = cluster?.NodeId;
        Router = cluster?.CreateRouter(this) ?? LocalRouter;
        ResponseTimeoutTimestampTicks = (long)(Options.ResponseTimeout.TotalSeconds * timeProvider.TimestampFrequency);
    }

    public IServiceProvider Services { get; }

    public SiloOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    public GrainTypeManifest Manifest { get; }

    public Catalog Catalog { get; }

    public RuntimeMetrics Metrics { get; }

    /// <summary>Delivers calls made through references (the transport seam; local in one process).</summary>
    public IGrainCallRouter Router { get; }

    /// <summary>Delivers to this silo's own catalog, whatever <see cref="Router"/> is.</summary>
    public IGrainCallRouter LocalRouter { get; }

    /// <summary>This node's id in a cluster (it prefixes the keys of its observer references, so that a reference
    /// says which node to send to); null in one process.</summary>
    public string? NodeId { get; }

    /// <summary>The response timeout in <see cref="TimeProvider.GetTimestamp"/> units.</summary>
    public long ResponseTimeoutTimestampTicks { get; }

    public SiloStatus Status
    {
        get => _status;
        set => _status = value;
    }

    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    public IStreamProvider GetStreamProvider(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Services.GetKeyedService<IStreamProvider>(name)
            ?? throw new ArgumentException($"No stream provider is registered as '{name}'. Register one, e.g. silo.AddMemoryStreams(\"{name}\").", nameof(name));
    }
}
