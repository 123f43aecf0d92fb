using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansTicks.Silo.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>Hosts the OrleansTicks silo: the runtime, grain storage chosen by configuration, streams, and the market
/// domain (symbol grains, bar store, feed ingestor, regeneration).</summary>
public static class TicksSiloExtensions
{
    /// <summary>The configuration key that chooses the storage engine.</summary>
    public const string StorageProviderKey = "Storage:Provider";

    /// <summary>The stream provider that carries trades from feeds to symbol grains.</summary>
    public const string StreamProviderName = OrleansTicks.Grains.Feeds.TradeIngestor.StreamProviderName;

    /// <summary>Adds the silo to <paramref name="builder"/>: grain storage from <c>Storage:Provider</c>
    /// (<c>Sqlite</c> by default, <c>Postgres</c>, or <c>Memory</c>) and the in-memory stream provider.
    /// A bad setting stops the process at start with a message that names it.</summary>
    public static TBuilder AddTicksSilo<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var provider = ReadStorageProvider(builder.Configuration);
        builder.UseOrleansTicks(silo =>
        {
            _ = provider switch
            {
                StorageProviderKind.Postgres => silo.AddPostgresGrainStorage(),
                StorageProviderKind.Memory => silo.AddMemoryGrainStorage(),
                _ => silo.AddSqliteGrainStorage(),
            };
            silo.AddMemoryStreams(StreamProviderName);
            silo.AddTicksMarket();
        });
        builder.Services.AddHealthChecks().AddSiloChecks();
        return builder;
    }

    private static StorageProviderKind ReadStorageProvider(IConfiguration configuration)
    {
        var value = configuration[StorageProviderKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return StorageProviderKind.Sqlite;
        }

        if (Enum.TryParse<StorageProviderKind>(value, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(value, out _))
        {
            return kind;
        }

        throw new InvalidOperationException(
            $"{StorageProviderKey} is '{value}'; valid: {string.Join(", ", Enum.GetNames<StorageProviderKind>())}.");
    }
}
