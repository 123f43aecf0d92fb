using OrleansTicks.Grains.Storage;

namespace OrleansTicks.Grains.Tests.Storage;

public sealed class MemoryBarStoreConformanceTests : BarStoreConformanceTests
{
    protected override Task<IBarStore> CreateStoreAsync() => Task.FromResult<IBarStore>(new MemoryBarStore());
}
